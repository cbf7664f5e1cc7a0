// `shenguan webhook-receiver`: the test receiver of webhook/receiver.h on a plain socket.
#include <csignal>
#include <fstream>
#include <iostream>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "http/plain_http.h"
#include "webhook/receiver.h"

namespace sg::cli {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void OnSignal(int) { g_stop = true; }

}  // namespace

int WebhookReceiver(const WebhookReceiverOptions& o) {
  try {
    std::string host;
    uint16_t port = 0;
    if (!ParseListen(o.listen, &host, &port)) {
      return Fail("--listen must be HOST:PORT, e.g. 127.0.0.1:9000");
    }
    auto clock = MakeClock(o.time);
    webhook::ReceiverOptions ro;
    ro.secret = ReadPasswordFile(o.secret_file);
    ro.fail_first = o.fail_first;
    webhook::Receiver receiver(ro, *clock);
    std::ofstream out;
    if (o.out) {
      out.open(*o.out, std::ios::binary | std::ios::app);
      if (!out) return Fail("cannot write to " + *o.out);
    }
    http::PlainServer server(host, port);
    std::signal(SIGINT, OnSignal);
    std::signal(SIGTERM, OnSignal);
    std::cout << "Webhook receiver listening on http://" << host << ":" << server.port()
              << " (verifying X-Shenguan-Signature; one JSON line per delivery). Ctrl-C stops it."
              << std::endl;
    server.Run(
        [&](const http::PlainRequest& req) {
          std::string line;
          auto res = receiver.Handle(req, &line);
          if (!line.empty()) {
            std::cout << line << std::endl;
            if (out.is_open()) out << line << '\n' << std::flush;
          }
          return res;
        },
        g_stop);
    return 0;
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
}

}  // namespace sg::cli
