#include "federation/follower.h"

#include <spdlog/spdlog.h>

#include <boost/json/parse.hpp>
#include <chrono>

#include "federation/apply.h"
#include "http/plain_http.h"
#include "service/case_actions.h"

namespace sg::fed {
namespace {

constexpr std::string_view kPosition = "SELECT last_seq FROM feed_positions WHERE source = ?";
constexpr std::string_view kSavePosition =
    "INSERT INTO feed_positions (source, last_seq, updated_at) VALUES (?, ?, ?) "
    "ON CONFLICT (source) DO UPDATE SET last_seq = excluded.last_seq, "
    "updated_at = excluded.updated_at";

// Thrown inside a writer job whose page another run applied first: nothing of it is stored.
struct AlreadyApplied {};

}  // namespace

Follower::Follower(store::Database& db, const Clock& clock, const wf::Registry& workflows,
                   std::function<std::shared_ptr<const cal::Calendar>()> calendar,
                   FollowOptions options)
    : db_(db),
      clock_(clock),
      workflows_(workflows),
      calendar_(std::move(calendar)),
      options_(std::move(options)) {
  while (!options_.url.empty() && options_.url.back() == '/') options_.url.pop_back();
}

Follower::~Follower() { Stop(); }

void Follower::Start() {
  stop_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void Follower::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

int64_t Follower::Position() {
  auto reader = db_.Reader();
  return reader->QueryInt(kPosition, options_.url).value_or(0);
}

void Follower::Loop() {
  spdlog::info("following {}", options_.url);
  int pause_ms = 1000;
  while (!stop_) {
    bool ok = false;
    try {
      ok = Step();
    } catch (const std::exception& e) {
      // Nothing of the page was stored; it is tried again after the pause (a busy database, a
      // peer answering mid-restart). A change that cannot be applied keeps failing here, logged.
      spdlog::error("federation: {}: page not applied, will retry: {}", options_.url, e.what());
    }
    if (ok) {
      pause_ms = 1000;
      continue;
    }
    for (int waited = 0; waited < pause_ms && !stop_; waited += 100) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    pause_ms = std::min(pause_ms * 2, 30000);
  }
}

bool Follower::Step() {
  const int64_t after = Position();
  std::string error;
  auto url = http::ParseHttpUrl(options_.url + "/api/v1/feed?after=" + std::to_string(after) +
                                    "&limit=" + std::to_string(options_.limit) +
                                    "&wait=" + std::to_string(options_.wait_seconds),
                                &error);
  if (!url) throw std::runtime_error("--follow: " + error);
  http::PostOptions po;
  po.timeout = std::chrono::seconds(options_.wait_seconds + 30);
  po.cancel = &stop_;
  std::string body;
  const auto res = http::HttpGet(*url, {{"Authorization", "Bearer " + options_.token}}, po, &body);
  if (res.cancelled) return true;
  if (res.status != 200) {
    spdlog::warn("federation: {}: {}", options_.url, res.error.empty() ? "no answer" : res.error);
    return false;
  }
  boost::system::error_code ec;
  const auto page = boost::json::parse(body, ec);
  if (ec || !page.is_object() || !page.as_object().contains("changes")) {
    spdlog::warn("federation: {}: the feed answered something else", options_.url);
    return false;
  }
  const auto& changes = page.at("changes").as_array();
  const std::string next = std::string(page.at("next_cursor").as_string());
  const int64_t next_seq = std::stoll(next);
  if (changes.empty() && next_seq == after) return true;
  int applied = 0;
  try {
    db_.writer().Run([&](store::WriteContext& ctx) {
      applied = 0;
      // The page and the cursor in one transaction: a page applies once, whatever crashes.
      if (ctx.conn().QueryInt(kPosition, options_.url).value_or(0) != after) throw AlreadyApplied{};
      const svc::Clockwork clock{workflows_, calendar_(), clock_.Today()};
      for (const auto& c : changes) {
        if (ApplyChange(ctx, clock, options_.url, c.as_object())) ++applied;
      }
      ctx.conn().Exec(kSavePosition, options_.url, next_seq, ctx.now());
    });
  } catch (const AlreadyApplied&) {
    return true;
  }
  if (applied > 0) {
    spdlog::info("federation: {}: applied {} of {} changes (cursor {})", options_.url, applied,
                 changes.size(), next);
  }
  return true;
}

}  // namespace sg::fed
