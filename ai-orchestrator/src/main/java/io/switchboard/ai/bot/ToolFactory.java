package io.switchboard.ai.bot;

import io.switchboard.ai.settings.TenantAi;
import io.switchboard.ai.tools.ToolActions;
import io.switchboard.platform.auth.Caller;
import io.vertx.core.json.JsonObject;

/** Makes the tools of one conversation, acting as {@code service} of its tenant. */
@FunctionalInterface
public interface ToolFactory {

  ToolActions forConversation(Caller service, JsonObject conversation, TenantAi ai);
}
