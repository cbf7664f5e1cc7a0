// Helpers every handler uses: reading JSON bodies, running writes on the single writer, and
// today's date from the injected clock.
#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <string>
#include <string_view>

#include "base/civil_time.h"
#include "http/app.h"
#include "http/message.h"
#include "store/writer.h"

namespace sg::http {

// Checks Content-Type (415 unless JSON, or merge-patch JSON when `merge_patch`) and parses the
// body as a JSON object (400 invalid_json).
boost::json::value ReadJsonBody(const Request& req, bool merge_patch = false);

// Runs `job` on the single writer and replies with what it returns once its batch is durable,
// or with the error it threw. The request thread does not wait.
void SubmitWrite(App& app, Reply reply, std::function<Response(store::WriteContext&)> job);

inline Date Today(const App& app) { return app.clock.Today(); }

// A 201 Created with Location.
Response Created(const boost::json::object& body, const std::string& location);

// Content-Disposition of a download named `file_name` (UTF-8, with its extension): an ASCII
// fallback `ascii_stem` + the extension, and the UTF-8 name (RFC 6266, RFC 5987).
std::string Disposition(std::string_view ascii_stem, const std::string& file_name);

}  // namespace sg::http
