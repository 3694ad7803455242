package io.switchboard.crud.report;

import io.switchboard.crud.http.ApiResponse;
import io.switchboard.crud.http.Requests;
import io.switchboard.crud.http.TenantWork;
import io.switchboard.platform.auth.BearerAuthHandler;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.RoleCheck;
import io.vertx.ext.web.Router;

/**
 * REST resource {@code /api/v1/reports/overview}, the supervisors' dashboard: open, unassigned and
 * waiting conversations per inbox, first-response and resolution times over the last day, live
 * calls and messages per minute. For supervisors and admins.
 */
public final class ReportRoutes {

  /** Path of the overview. */
  public static final String OVERVIEW = "/api/v1/reports/overview";

  private final TenantWork work;
  private final ReportStore store;
  private final BearerAuthHandler auth;

  public ReportRoutes(TenantWork work, ReportStore store, BearerAuthHandler auth) {
    this.work = work;
    this.store = store;
    this.auth = auth;
  }

  /** Adds the route to {@code router}. */
  public void mount(Router router) {
    router
        .get(OVERVIEW)
        .handler(auth)
        .handler(RoleCheck.requireAny(Role.SUPERVISOR, Role.ADMIN))
        .handler(
            ctx ->
                Requests.answer(
                    ctx,
                    caller ->
                        work.read(caller, store::overview)
                            .map(overview -> ApiResponse.ok(overview.toJson()))));
  }
}
