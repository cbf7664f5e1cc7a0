// One function per resource file adds that resource's routes.
#pragma once

#include "http/app.h"
#include "http/router.h"

namespace sg::http {

void AddCaseRoutes(Router& router, App& app);
void AddPartyRoutes(Router& router, App& app);
void AddReferenceRoutes(Router& router, App& app);
void AddSystemRoutes(Router& router, App& app);
void AddAuthRoutes(Router& router, App& app);
void AddAdminRoutes(Router& router, App& app);
void AddWorkflowRoutes(Router& router, App& app);
void AddDashboardRoutes(Router& router, App& app);
void AddExchangeRoutes(Router& router, App& app);
// Webhook subscriptions and deliveries, and the caller's notifications (webhooks.cpp).
void AddWebhookRoutes(Router& router, App& app);
void AddSharingRoutes(Router& router, App& app);

}  // namespace sg::http
