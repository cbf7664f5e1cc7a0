// The demo's sign-in accounts (shared/API.md "Demo accounts"): at least one of each shipped role,
// spread over the intermediate court, 榆次's basic court, the market regulation bureau's IP
// enforcement unit, the arbitration centre and the 12345 hotline.
//
// Handler accounts are demo users who already handle cases (the ones with the most in their
// agency), so that a handler signing in sees cases under the `own_cases` scope; the two chiefs
// (庭长, 中队长) become approvers. The other accounts are new users. Every other demo user gets
// the role `handler` without a password (they cannot sign in).
//
// Determinism: passwords and TOTP secrets come from `seed` alone, so the same seed always prints
// the same accounts. Password hashes have random salts and differ from run to run.
//
// Thread-safety: uses the connection it is given, on the calling thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/civil_time.h"
#include "store/db.h"

namespace sg::demo {

struct DemoAccount {
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
  std::string password;
  std::string role;  // a shipped role code
  std::string agency_name;
  std::string totp_secret;  // base32; empty when the role does not require TOTP
};

// Gives the demo database its accounts, stamped `at`, marked as not needing a password change;
// roles whose `requires_totp` is set get an enabled TOTP secret. Needs the agencies and users of
// GenerateDemo. Hashes the passwords first (argon2id, tens of milliseconds each), then writes in
// one transaction of its own. Throws std::runtime_error when a demo agency or user is missing or
// an account already exists, store::DbError on database failures.
std::vector<DemoAccount> CreateDemoAccounts(store::Connection& conn, uint64_t seed, TimestampMs at);
// The same, calling `in_transaction` (may be empty) in that transaction before it commits.
std::vector<DemoAccount> CreateDemoAccounts(store::Connection& conn, uint64_t seed, TimestampMs at,
                                            const std::function<void()>& in_transaction);

// The demo-accounts.txt format: one line per account, tab-separated username, password, role code,
// agency name and TOTP secret (`-` when there is none), each line ending in '\n'.
std::string FormatAccountsFile(const std::vector<DemoAccount>& accounts);

}  // namespace sg::demo
