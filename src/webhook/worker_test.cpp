// The outbox and the delivery bookkeeping against a real database (both engines): deliveries are
// queued with their change, retried on the schedule, dead-lettered, and the subscription is then
// disabled with its owner told. The HTTP side is covered by tests/api/api_webhooks_test.cpp.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>

#include "store/database.h"
#include "store/testing/test_db.h"
#include "webhook/notifications.h"
#include "webhook/subscriptions.h"
#include "webhook/worker.h"

namespace sg::webhook {
namespace {

constexpr TimestampMs kStart = 1717376400000;  // 2024-06-03T09:00:00+08:00

class WebhookStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = store::Database::Open(test_db_.url(), clock_, {});
    db_->writer().Run([](store::WriteContext& ctx) {
      ctx.conn().Exec(
          "INSERT INTO agencies (uid, path, name, abbr, type, created_at) "
          "VALUES ('agency-1', '/1/', '晋中市中级人民法院', '晋中中院', 'court', 0)");
    });
    auto p = std::make_shared<auth::Principal>();
    p->kind = auth::Principal::Kind::kToken;
    p->id = 7;
    p->name = "case-system";
    p->agency_id = 1;
    p->scope = auth::DataScope::kAll;
    p->permissions = {"feed:webhook:read", "feed:webhook:write"};
    actor_.principal = p;
  }

  int64_t Subscribe(std::vector<std::string> events) {
    NewSubscription s{"test", "http://127.0.0.1:9/hook", std::move(events)};
    int64_t id = 0;
    db_->writer().Run([&](store::WriteContext& ctx) {
      id = CreateSubscription(ctx, s, actor_).at("id").as_int64();
    });
    return id;
  }
  void Change(const char* type, const char* entity) {
    db_->writer().Run([&](store::WriteContext& ctx) {
      ctx.AppendChange(type, entity, 1, "01900000-0000-7000-8000-000000000001", "{}");
    });
  }
  int64_t Count(const std::string& sql, int64_t id) {
    auto r = db_->Reader();
    return r->QueryInt(sql, id).value_or(-1);
  }
  int64_t Deliveries(int64_t sub) {
    return Count("SELECT COUNT(*) FROM webhook_deliveries WHERE subscription_id = ?", sub);
  }
  int64_t FirstDelivery(int64_t sub) {
    return Count("SELECT MIN(id) FROM webhook_deliveries WHERE subscription_id = ?", sub);
  }

  store::testing::TestDb test_db_;
  FixedClock clock_{kStart};
  std::unique_ptr<store::Database> db_;
  auth::Actor actor_;
};

TEST_F(WebhookStoreTest, QueuesOneDeliveryPerMatchingActiveSubscriptionWithTheChange) {
  const int64_t cases = Subscribe({"case.*"});
  const int64_t parties_and_all = Subscribe({"party.created", "*"});
  const int64_t transfers = Subscribe({"transfer.*"});
  Change("created", "case");
  Change("created", "party");
  EXPECT_EQ(Deliveries(cases), 1);
  EXPECT_EQ(Deliveries(parties_and_all), 2) << "two matching filters still queue one delivery";
  EXPECT_EQ(Deliveries(transfers), 0);

  // A rolled-back change leaves no delivery behind.
  EXPECT_THROW(db_->writer().Run([](store::WriteContext& ctx) {
    ctx.AppendChange("updated", "case", 1, "u", "{}");
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_EQ(Deliveries(cases), 1);

  // A disabled subscription queues nothing.
  db_->writer().Run([&](store::WriteContext& ctx) {
    UpdateSubscription(ctx, cases, boost::json::object{{"status", "disabled"}}, actor_);
  });
  Change("updated", "case");
  EXPECT_EQ(Deliveries(cases), 1);
  EXPECT_EQ(Deliveries(parties_and_all), 3);
}

TEST_F(WebhookStoreTest, FailuresBackOffThenDeadLetterDisableAndNotifyTheOwner) {
  const int64_t sub = Subscribe({"case.*"});
  Change("created", "case");
  const int64_t d = FirstDelivery(sub);
  const RetryPolicy policy = ScaledRetryPolicy(1000, 3);
  const AttemptResult refused{0, "connect: Connection refused", 3};
  auto record = [&](const AttemptResult& r) {
    db_->writer().Run([&](store::WriteContext& ctx) { RecordAttempt(ctx, d, r, policy, 0.0); });
  };
  record(refused);
  EXPECT_EQ(Count("SELECT next_attempt_at FROM webhook_deliveries WHERE id = ?", d), kStart + 1000);
  record(AttemptResult{503, "HTTP 503", 5});
  EXPECT_EQ(Count("SELECT next_attempt_at FROM webhook_deliveries WHERE id = ?", d), kStart + 2000);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM webhook_deliveries WHERE id = ? AND status = 'pending'", d),
            1);
  record(refused);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM webhook_deliveries WHERE id = ? AND status = 'dead'", d),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM webhook_attempts WHERE delivery_id = ?", d), 3);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM webhook_subscriptions WHERE id = ? AND status = 'disabled' "
                  "AND disabled_reason = 'dead_letter'",
                  sub),
            1);
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM audit_log WHERE action = 'webhook.disable' AND entity_id = ?",
            sub),
      1);
  {
    auto r = db_->Reader();
    const auto list = ListNotifications(*r, actor_.who(), Params{});
    ASSERT_EQ(list.at("items").as_array().size(), 1u);
    const auto& n = list.at("items").as_array()[0].as_object();
    EXPECT_EQ(n.at("kind"), "webhook.disabled");
    EXPECT_EQ(n.at("entity_id").as_int64(), sub);
    EXPECT_NE(std::string(n.at("message").as_string()).find("connect: Connection refused"),
              std::string::npos);
    EXPECT_EQ(list.at("unread").as_int64(), 1);
  }
  // A late answer for a delivery that is no longer pending changes nothing.
  record(AttemptResult{200, "", 1});
  EXPECT_EQ(Count("SELECT COUNT(*) FROM webhook_attempts WHERE delivery_id = ?", d), 3);

  // Re-enabled and re-sent, it goes through.
  db_->writer().Run([&](store::WriteContext& ctx) {
    UpdateSubscription(ctx, sub, boost::json::object{{"status", "active"}}, actor_);
    EXPECT_EQ(ResendDead(ctx, sub, actor_).at("resent").as_int64(), 1);
  });
  record(AttemptResult{204, "", 2});
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM webhook_deliveries WHERE id = ? AND status = 'delivered'", d), 1);
  EXPECT_EQ(Count("SELECT delivered_count FROM webhook_subscriptions WHERE id = ?", sub), 1);
}

TEST_F(WebhookStoreTest, FilteredDeliveriesAreCountedAndNeverSent) {
  const int64_t sub = Subscribe({"*"});
  Change("created", "case");
  const int64_t d = FirstDelivery(sub);
  db_->writer().Run([&](store::WriteContext& ctx) { MarkFiltered(ctx, {d, d}); });
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM webhook_deliveries WHERE id = ? AND status = 'filtered'", d), 1);
  EXPECT_EQ(Count("SELECT filtered_count FROM webhook_subscriptions WHERE id = ?", sub), 1);
}

}  // namespace
}  // namespace sg::webhook
