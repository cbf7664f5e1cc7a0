// /api/v1/auth: logging in and out, the caller's own account, password change and TOTP enrolment.
#include "auth/accounts.h"
#include "auth/authn.h"
#include "base/json_util.h"
#include "core/text_normalize.h"
#include "http/guard.h"
#include "http/handlers/common.h"
#include "http/handlers/routes.h"

namespace sg::http {
namespace {

std::string SessionCookie(const App& app, const std::string& value, bool clear) {
  std::string c = std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict";
  if (clear) c += "; Max-Age=0";
  if (app.secure_cookies) c += "; Secure";
  return c;
}

// The caller as GET /api/v1/auth/me shows it, with the server's time: "today" is the legal date
// that actions default to and may not pass (serve --now fixes it), which a browser's own clock
// must not decide.
boost::json::object MeJson(store::Connection& conn, const auth::Principal& p, const Clock& clock) {
  boost::json::object out;
  if (p.kind == auth::Principal::Kind::kUser) {
    out["user"] = auth::UserJson(conn, p.id);
  } else {
    out["user"] = nullptr;
    out["token"] = boost::json::object{{"id", p.id}, {"name", p.name}};
  }
  boost::json::array perms;
  for (const auto& s : p.permissions) perms.emplace_back(s);
  out["role"] = p.role_code;
  out["permissions"] = std::move(perms);
  out["data_scope"] = auth::DataScopeCode(p.scope);
  out["agency_id"] = p.agency_id;
  out["must_change_password"] = p.must_change_password;
  out["totp_enrolment_required"] = p.must_enrol_totp;
  if (!p.csrf_token.empty()) out["csrf_token"] = p.csrf_token;
  const TimestampMs now = clock.Now();
  out["now"] = FormatTimestamp(now);
  out["today"] = ChinaDate(now).ToString();
  return out;
}

const auth::Principal& SessionUser(const Request& req) {
  const auto& p = req.Caller();
  if (p.kind != auth::Principal::Kind::kUser) {
    throw ApiError(ErrorCode::kForbidden, "此操作只适用于登录用户，不适用于访问令牌");
  }
  return p;
}

}  // namespace

void AddAuthRoutes(Router& router, App& app) {
  router.Add("POST", "/api/v1/auth/login", kPublic, [&app](Request& req, Reply reply) {
    const auto body = ReadJsonBody(req);
    ObjectReader r(body.as_object());
    auto login = std::make_shared<auth::LoginRequest>();
    login->username = r.ReqString("username", 64);
    login->password = r.ReqString("password", 256);
    login->totp = r.OptString("totp", 16);
    r.Finish();
    login->ip = req.remote_ip;
    login->user_agent = core::ValidUtf8Prefix(req.Header("user-agent"), 256);
    // The password check (argon2id) runs here, on the request thread, not on the writer.
    auth::LoginCheck check;
    {
      auto reader = app.db.Reader();
      check = auth::CheckLogin(*reader, *login, app.clock.Now());
    }
    SubmitWrite(app, std::move(reply), [&app, login, check](store::WriteContext& ctx) {
      const auth::LoginResult res = auth::ApplyLogin(ctx, check, *login, app.auth->policy());
      // A refused login answers with an error but does not throw: a throw would roll back the
      // failure count and the audit entry that ApplyLogin just wrote.
      if (!res.ok) {
        if (res.message == "totp_required") {
          return Error(
              ApiError(ErrorCode::kUnauthenticated, "请输入动态验证码（6 位数字）", "totp"));
        }
        return Error(ApiError(ErrorCode::kUnauthenticated, res.message));
      }
      auto p = auth::LoadUserPrincipal(ctx.conn(), res.user_id);
      p->session_id = res.session_id;
      p->csrf_token = res.csrf_token;
      Response out = Json(200, MeJson(ctx.conn(), *p, app.clock));
      out.SetHeader("Set-Cookie", SessionCookie(app, res.session_secret, false));
      out.SetHeader("Cache-Control", "no-store");
      return out;
    });
  });

  router.Add("POST", "/api/v1/auth/logout", kAuthenticated, [&app](Request& req, Reply reply) {
    SessionUser(req);
    SubmitWrite(app, std::move(reply), [&app, actor = req.Actor()](store::WriteContext& ctx) {
      auth::EndSession(ctx, actor.who(), actor.ip);
      app.auth->ForgetSession(actor.who().session_id);
      Response out;
      out.status = 204;
      out.SetHeader("Set-Cookie", SessionCookie(app, "", true));
      return out;
    });
  });

  router.Add("GET", "/api/v1/auth/me", kAuthenticated, Sync([&app](Request& req) {
               auto reader = app.db.Reader();
               Response r = Json(200, MeJson(*reader, req.Caller(), app.clock));
               r.SetHeader("Cache-Control", "no-store");
               return r;
             }));

  router.Add("POST", "/api/v1/auth/password", kAuthenticated, [&app](Request& req, Reply reply) {
    const auth::Principal& p = SessionUser(req);
    const auto body = ReadJsonBody(req);
    ObjectReader r(body.as_object());
    const std::string current = r.ReqString("current_password", 256);
    const std::string next = r.ReqString("new_password", 256);
    r.Finish();
    {
      auto reader = app.db.Reader();
      if (!auth::VerifyCurrentPassword(*reader, p.id, current)) {
        ThrowInvalidField("current_password", "当前密码不正确");
      }
    }
    if (current == next) ThrowInvalidField("new_password", "新密码不能与当前密码相同");
    auto hash = std::make_shared<std::string>(auth::HashNewPassword(p.name, next, "new_password"));
    SubmitWrite(app, std::move(reply), [&app, hash, actor = req.Actor()](store::WriteContext& ctx) {
      auth::SetPassword(ctx, actor.who().id, *hash, false, actor.who(), actor.ip);
      app.auth->ForgetUser(actor.who().id);
      Response out;
      out.status = 204;
      return out;
    });
  });

  router.Add("POST", "/api/v1/auth/totp/enrol", kAuthenticated, [&app](Request& req, Reply reply) {
    SessionUser(req);
    SubmitWrite(app, std::move(reply), [actor = req.Actor()](store::WriteContext& ctx) {
      const auto e = auth::BeginTotp(ctx, actor.who(), actor.ip);
      Response out = Json(200, boost::json::object{{"secret", e.secret}, {"uri", e.uri}});
      out.SetHeader("Cache-Control", "no-store");
      return out;
    });
  });

  router.Add("POST", "/api/v1/auth/totp/confirm", kAuthenticated,
             [&app](Request& req, Reply reply) {
               SessionUser(req);
               const auto body = ReadJsonBody(req);
               ObjectReader r(body.as_object());
               const std::string code = r.ReqString("code", 16);
               r.Finish();
               SubmitWrite(app, std::move(reply),
                           [&app, code, actor = req.Actor()](store::WriteContext& ctx) {
                             if (!auth::ConfirmTotp(ctx, actor.who(), code, actor.ip)) {
                               ThrowInvalidField("code", "动态验证码不正确，请核对手机时间后重试");
                             }
                             app.auth->ForgetUser(actor.who().id);
                             return Json(200, boost::json::object{{"totp_enabled", true}});
                           });
             });
}

}  // namespace sg::http
