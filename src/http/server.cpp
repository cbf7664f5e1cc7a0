#include "http/server.h"

#include "http/static_files.h"

#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include <spdlog/spdlog.h>

namespace sg::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// One io_context per thread, each run by its own thread: a connection lives on one of them for
// its whole life, so its handlers never run concurrently and need no strand, and the socket's
// executor is the concrete io_context executor (no type-erased executor on every operation).
using Socket = net::basic_stream_socket<tcp, net::io_context::executor_type>;

class Session;

// A thread's connections and their deadlines. Reads and writes have no per-operation timer (a
// timer per read costs a timer-queue insert and cancel on every request); instead a sweep once a
// second ends the connections whose deadline has passed.
struct Worker {
  std::mutex mu;  // guards `sessions`: a connection may be released on another thread
  std::unordered_map<const Session*, std::weak_ptr<Session>> sessions;
  net::io_context ioc{1};
  // Keeps run() going on a thread that has no connection yet.
  net::executor_work_guard<net::io_context::executor_type> busy{ioc.get_executor()};
  net::steady_timer sweep{ioc};
};

struct Shared {
  App& app;
  const Router& router;
  ServerOptions options;
};

Response ErrorOnly(ErrorCode code, const char* message) { return Error(ApiError(code, message)); }

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Appends "Name: value\r\n", dropping CR and LF so that no value can end the header early.
void AppendField(std::string& out, std::string_view name, std::string_view value) {
  const auto clean = [&out](std::string_view s) {
    for (const char c : s) {
      if (c != '\r' && c != '\n') out.push_back(c);
    }
  };
  clean(name);
  out += ": ";
  clean(value);
  out += "\r\n";
}

// Whether a response of this status has no body (RFC 9110 §6.4.1: 1xx, 204, 304).
bool WithoutBody(int status) { return status < 200 || status == 204 || status == 304; }

// The status line and header of a response, written directly (no Beast message object). A
// header set twice keeps its last value. `content_length` is omitted for a chunked body and for
// 1xx, 204 and 304 responses, which have no body.
void WriteHead(std::string& out, const Response& r, bool keep_alive, bool chunked,
               size_t content_length) {
  out.clear();
  out += "HTTP/1.1 ";
  char num[24];
  auto end = std::to_chars(num, num + sizeof num, r.status).ptr;
  out.append(num, end);
  out += ' ';
  const std::string_view reason = bhttp::obsolete_reason(static_cast<bhttp::status>(r.status));
  out += reason;
  out += "\r\nServer: shenguan\r\n";
  if (r.status != 304) AppendField(out, "Content-Type", r.content_type);
  // Security headers on every response; static files set their own (the web app's CSP).
  bool has_csp = false;
  for (size_t i = 0; i < r.headers.size(); ++i) {
    const auto& [k, v] = r.headers[i];
    bool later = false;
    for (size_t j = i + 1; j < r.headers.size() && !later; ++j) {
      later = SameName(r.headers[j].first, k);
    }
    if (later) continue;
    has_csp = has_csp || SameName(k, "Content-Security-Policy");
    AppendField(out, k, v);
  }
  if (!has_csp) {
    for (const auto& [k, v] : SecurityHeaders(false)) AppendField(out, k, v);
  }
  if (chunked) {
    out += "Transfer-Encoding: chunked\r\n";
  } else if (!WithoutBody(r.status)) {
    out += "Content-Length: ";
    end = std::to_chars(num, num + sizeof num, content_length).ptr;
    out.append(num, end);
    out += "\r\n";
  }
  if (!keep_alive) out += "Connection: close\r\n";
  out += "\r\n";
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Socket&& socket, Shared& shared, Worker& worker)
      : socket_(std::move(socket)), shared_(shared), worker_(worker) {}

  ~Session() {
    std::lock_guard lock(worker_.mu);
    worker_.sessions.erase(this);
  }

  void Start() {
    {
      std::lock_guard lock(worker_.mu);
      worker_.sessions.emplace(this, weak_from_this());
    }
    net::dispatch(socket_.get_executor(), [self = shared_from_this()] { self->DoRead(); });
  }

  // Called by the sweep on this connection's thread when its deadline has passed: a connection
  // that is closing is dropped; one that is reading or writing has that operation cancelled,
  // which then closes it.
  void Expire(Clock::time_point now) {
    if (now < deadline_) return;
    deadline_ = Clock::time_point::max();
    beast::error_code ec;
    if (draining_) {
      socket_.close(ec);
      return;
    }
    timed_out_ = true;
    socket_.cancel(ec);
  }

  Clock::time_point deadline() const { return deadline_; }

 private:
  void ExpireIn(std::chrono::seconds s) { deadline_ = Clock::now() + s; }

  void DoRead() {
    parser_.emplace();
    body_limit_ = shared_.options.body_limit;
    parser_->body_limit(body_limit_);
    parser_->header_limit(16 * 1024);
    ExpireIn(std::chrono::seconds(shared_.options.read_timeout_seconds));
    bhttp::async_read_header(
        socket_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  // The header is in: a route that takes larger bodies (imports, Route::body_limit) gets its own
  // limit, and a read timeout that grows with it, before the body is read.
  void OnHeader(beast::error_code ec) {
    if (ec) return OnRead(ec);
    // A request without a body (every GET) is whole already.
    if (parser_->is_done()) return OnRead(ec);
    const auto& head = parser_->get();
    const auto length = parser_->content_length();
    if (!length || *length > body_limit_) {
      Request probe;
      probe.method = std::string(head.method_string());
      const std::string_view target = head.target();
      if (auto path = PercentDecode(target.substr(0, target.find('?')), false)) {
        probe.path = std::move(*path);
        int status = 0;
        std::string allow;
        const Route* route = shared_.router.Match(probe, &status, &allow);
        if (route && route->body_limit > body_limit_) {
          const size_t factor = route->body_limit / body_limit_;
          body_limit_ = route->body_limit;
          parser_->body_limit(body_limit_);
          ExpireIn(std::chrono::seconds(shared_.options.read_timeout_seconds *
                                        static_cast<int64_t>(std::max<size_t>(1, factor))));
        }
      }
    }
    if (parser_->is_done()) return OnRead(ec);
    bhttp::async_read(
        socket_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code e, size_t) { self->OnRead(e); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == net::error::eof ||
        ec == net::error::connection_reset || (ec == net::error::operation_aborted && timed_out_)) {
      return Close();
    }
    route_index_ = -1;
    started_ = Clock::now();
    if (ec == bhttp::error::body_limit) {
      keep_alive_ = false;
      const std::string message =
          "请求体过大，上限为 " + std::to_string(body_limit_ >> 20) + " MiB";
      return Send(Error(ApiError(ErrorCode::kPayloadTooLarge, message)));
    }
    if (ec) {
      keep_alive_ = false;
      return Send(ErrorOnly(ErrorCode::kInvalidField, "HTTP 请求格式错误"));
    }
    // No deadline while the request is handled: a write may wait in the writer's queue.
    deadline_ = Clock::time_point::max();
    auto msg = parser_->release();
    keep_alive_ = msg.keep_alive();
    head_ = msg.method() == bhttp::verb::head;

    Request req;
    req.method = std::string(msg.method_string());
    const std::string_view target = msg.target();
    const size_t q = target.find('?');
    auto path = PercentDecode(target.substr(0, q), false);
    if (!path) {
      return Send(ErrorOnly(ErrorCode::kNotFound, "路径中有无效的百分号编码"));
    }
    req.path = std::move(*path);
    if (q != std::string_view::npos) req.query = std::string(target.substr(q + 1));
    req.headers.reserve(8);
    for (const auto& f : msg) {
      std::string name(f.name_string());
      for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      req.headers.emplace_back(std::move(name), std::string(f.value()));
    }
    req.body = std::move(msg.body());
    if (!remote_ip_) {  // once per connection
      beast::error_code ep_ec;
      auto ep = socket_.remote_endpoint(ep_ec);
      remote_ip_ = ep_ec ? std::string() : ep.address().to_string();
    }
    req.remote_ip = *remote_ip_;

    // A reply given while the handler runs on this thread (every synchronous handler) is kept and
    // sent once Dispatch returns; one given later from another thread (the writer, a feed waiter)
    // is posted back to this connection's thread.
    auto self = shared_from_this();
    dispatching_ = true;
    Dispatch(
        shared_.router, req,
        [self](Response&& r) {
          if (self->socket_.get_executor().running_in_this_thread() && self->dispatching_) {
            self->ready_ = std::move(r);
            return;
          }
          net::post(self->socket_.get_executor(),
                    [self, r = std::move(r)]() mutable { self->Send(std::move(r)); });
        },
        [self](const Route* route) {
          self->route_index_ = route ? static_cast<int>(route->index) : -1;
        });
    dispatching_ = false;
    if (ready_) {
      Response r = std::move(*ready_);
      ready_.reset();
      Send(std::move(r));
    }
  }

  void Send(Response&& r) {
    if (shared_.app.metrics) {
      const double secs = std::chrono::duration<double>(Clock::now() - started_).count();
      shared_.app.metrics->Observe(route_index_, r.status, secs);
    }
    if (r.stream && !head_) return SendStream(std::move(r));
    response_ = std::move(r);
    WriteHead(head_buf_, response_, keep_alive_, false, response_.body.size());
    const bool no_body = head_ || WithoutBody(response_.status);
    const std::array<net::const_buffer, 2> buffers{
        net::buffer(head_buf_), no_body ? net::const_buffer() : net::buffer(response_.body)};
    ExpireIn(std::chrono::seconds(shared_.options.read_timeout_seconds));
    net::async_write(socket_, buffers, [self = shared_from_this()](beast::error_code ec, size_t) {
      self->response_.body.clear();
      if (ec || !self->keep_alive_) return self->Close();
      self->DoRead();
    });
  }

  // A streamed body: the header with Transfer-Encoding: chunked, then one chunk per piece the
  // producer gives, pulled only once the previous chunk is written (so a slow client slows the
  // producer instead of filling memory), then the last chunk.
  void SendStream(Response&& r) {
    WriteHead(head_buf_, r, keep_alive_, true, 0);
    producer_ = std::move(r.stream);
    ExpireIn(std::chrono::seconds(shared_.options.read_timeout_seconds));
    net::async_write(socket_, net::buffer(head_buf_),
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       if (ec) {
                         self->producer_ = nullptr;
                         return self->Close();
                       }
                       self->WriteNextChunk();
                     });
  }

  void WriteNextChunk() {
    bool more = true;
    try {
      do {
        chunk_.clear();
        more = producer_(chunk_);
      } while (more && chunk_.empty());
    } catch (const std::exception& e) {
      spdlog::error("streamed response failed midway, closing the connection: {}", e.what());
      producer_ = nullptr;
      keep_alive_ = false;
      return Close();
    }
    ExpireIn(std::chrono::seconds(shared_.options.read_timeout_seconds));
    if (!more) {
      producer_ = nullptr;
      return net::async_write(socket_, net::buffer(std::string_view("0\r\n\r\n")),
                              [self = shared_from_this()](beast::error_code ec, size_t) {
                                if (ec || !self->keep_alive_) return self->Close();
                                self->DoRead();
                              });
    }
    char size[24];
    const auto n = std::to_chars(size, size + sizeof size - 2, chunk_.size(), 16).ptr;
    chunk_head_.assign(size, n);
    chunk_head_ += "\r\n";
    const std::array<net::const_buffer, 3> buffers{net::buffer(chunk_head_), net::buffer(chunk_),
                                                   net::buffer(std::string_view("\r\n"))};
    net::async_write(socket_, buffers, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) {
        self->producer_ = nullptr;
        return self->Close();
      }
      self->WriteNextChunk();
    });
  }

  // Ends the connection gracefully: stop sending, then read and discard what the client still
  // sends (the rest of a refused body) for a few seconds, so that closing does not reset the
  // connection before the client has read our response.
  void Close() {
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return;
    draining_ = true;
    ExpireIn(std::chrono::seconds(5));
    Drain();
  }

  void Drain() {
    socket_.async_read_some(net::buffer(drain_buf_),
                            [self = shared_from_this()](beast::error_code ec, size_t) {
                              if (!ec) self->Drain();
                            });
  }

  Socket socket_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Shared& shared_;
  Worker& worker_;
  Clock::time_point deadline_ = Clock::time_point::max();  // of the read or write under way
  bool timed_out_ = false;
  bool draining_ = false;
  bool keep_alive_ = true;
  bool head_ = false;
  bool dispatching_ = false;       // inside Dispatch, on this connection's thread
  std::optional<Response> ready_;  // a reply given while dispatching
  int route_index_ = -1;
  size_t body_limit_ = 0;  // of the request being read
  Response response_;      // the response being written (its body is sent from here)
  std::string head_buf_;   // its status line and header
  std::function<bool(std::string&)> producer_;  // of the response being streamed
  std::string chunk_;
  std::string chunk_head_;
  Clock::time_point started_;
  std::optional<std::string> remote_ip_;  // the peer's address, read on the first request
  std::array<char, 16384> drain_buf_{};
};

}  // namespace

struct Server::Impl {
  Impl(App& app, const Router& router, ServerOptions options)
      : shared{app, router, std::move(options)},
        workers(static_cast<size_t>(std::max(1, shared.options.threads))),
        acceptor(workers[0].ioc),
        signals(workers[0].ioc, SIGINT, SIGTERM) {}

  void Accept() {
    Worker& w = workers[next++ % workers.size()];
    acceptor.async_accept(w.ioc, [this, &w](beast::error_code ec, Socket s) {
      if (ec) {
        if (ec == net::error::operation_aborted) return;
        spdlog::warn("accept failed: {}", ec.message());
      } else {
        beast::error_code opt_ec;
        s.set_option(tcp::no_delay(true), opt_ec);
        std::make_shared<Session>(std::move(s), shared, w)->Start();
      }
      Accept();
    });
  }

  // Once a second, on each worker's thread: ends the connections whose deadline has passed. The
  // first worker also ends the read snapshots of idle reader connections
  // (store::DatabaseOptions::hold_read_snapshots), so that they do not hold back checkpoints.
  void Sweep(Worker& w) {
    w.sweep.expires_after(std::chrono::seconds(1));
    w.sweep.async_wait([this, &w](beast::error_code ec) {
      if (ec) return;
      const auto now = Clock::now();
      std::vector<std::shared_ptr<Session>> due;
      {
        std::lock_guard lock(w.mu);
        for (auto& [raw, weak] : w.sessions) {
          if (raw->deadline() > now) continue;
          if (auto s = weak.lock()) due.push_back(std::move(s));
        }
      }
      for (auto& s : due) s->Expire(now);
      if (&w == &workers.front()) shared.app.db.ReleaseIdleSnapshots();
      Sweep(w);
    });
  }

  Shared shared;
  std::vector<Worker> workers;
  size_t next = 0;  // the worker of the next accepted connection (round robin)
  tcp::acceptor acceptor;
  net::signal_set signals;
};

Server::Server(App& app, const Router& router, ServerOptions options)
    : impl_(std::make_unique<Impl>(app, router, std::move(options))) {}

Server::~Server() = default;

uint16_t Server::Listen() {
  beast::error_code ec;
  const auto address = net::ip::make_address(impl_->shared.options.address, ec);
  if (ec) throw std::runtime_error("invalid listen address: " + impl_->shared.options.address);
  tcp::endpoint ep(address, impl_->shared.options.port);
  auto& a = impl_->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + impl_->shared.options.address + ":" +
                             std::to_string(impl_->shared.options.port) + ": " + ec.message());
  }
  return a.local_endpoint().port();
}

void Server::Run() {
  impl_->signals.async_wait([this](beast::error_code ec, int sig) {
    if (!ec) {
      spdlog::info("signal {} received, stopping", sig);
      Stop();
    }
  });
  impl_->Accept();
  for (auto& w : impl_->workers) impl_->Sweep(w);
  std::vector<std::thread> threads;
  for (size_t i = 1; i < impl_->workers.size(); ++i) {
    threads.emplace_back([this, i] { impl_->workers[i].ioc.run(); });
  }
  impl_->workers[0].ioc.run();
  for (auto& t : threads) t.join();
}

void Server::Stop() {
  for (auto& w : impl_->workers) w.ioc.stop();
}

}  // namespace sg::http
