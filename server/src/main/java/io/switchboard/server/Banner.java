package io.switchboard.server;

import io.switchboard.platform.config.SwitchboardConfig;
import io.switchboard.platform.node.NodeRole;
import io.switchboard.server.token.DevTokenSecret;
import java.util.List;
import java.util.stream.Collectors;

/** The start-up message: what runs, what was embedded, where to point a browser or a client. */
final class Banner {

  private Banner() {}

  static String render(
      SwitchboardConfig config,
      RunningNode node,
      List<String> embedded,
      boolean devSecretGenerated,
      long readyMillis,
      long embeddedMillis) {
    String host = config.http().host().equals("0.0.0.0") ? "localhost" : config.http().host();
    String base = "http://" + host + ":" + node.httpPort();
    StringBuilder out = new StringBuilder();
    out.append("\nSwitchboard is ready in ").append(readyMillis).append(" ms");
    if (!embedded.isEmpty()) {
      out.append(" (plus ").append(embeddedMillis).append(" ms starting embedded services)");
    }
    out.append("\n  roles:    ")
        .append(node.roles().stream().map(NodeRole::name).collect(Collectors.joining(", ")))
        .append('\n');
    out.append("  cluster:  ")
        .append(
            config.cluster().enabled()
                ? "on, name " + config.cluster().name() + ", members " + config.cluster().members()
                : "off (single node)")
        .append('\n');
    for (String service : embedded) {
      out.append("  embedded: ").append(service).append('\n');
    }
    out.append("  kafka:    ")
        .append(
            config.kafka().enabled()
                ? config.kafka().bootstrapServers()
                : "off (set kafka.bootstrap-servers; events stay in the outbox)")
        .append('\n');
    out.append("  ready:    ").append(base).append("/health/ready\n");
    out.append("  metrics:  ").append(base).append("/metrics\n");
    out.append("  identity: ").append(base).append("/api/v1/me  (Authorization: Bearer <token>)\n");
    out.append("  api docs: ").append(base).append("/docs/\n");
    if (node.roles().stream().anyMatch(role -> role.name().equals("hub"))) {
      out.append("  chat:     ")
          .append(base.replaceFirst("^http", "ws"))
          .append("/ws  (Centrifugo client protocol v2; see docs/protocol.md)\n");
      out.append("  console:  ").append(base).append("/console  (agents' console)\n");
      out.append("  widget:   ")
          .append(base)
          .append("/widget?tenant=<tenant>&inbox=<chat inbox id>  (the chat widget's demo page)\n");
    }
    if (node.roles().stream().anyMatch(role -> role.name().equals("voice"))) {
      String ws = base.replaceFirst("^http", "ws");
      out.append("  voice:    ")
          .append(ws)
          .append("/voice/telephony, ")
          .append(ws)
          .append("/voice/browser  (see docs/voice-protocol.md)\n");
    }
    if (devSecretGenerated) {
      out.append("  tokens:   development secret in ")
          .append(DevTokenSecret.file(config.node().dataDir()))
          .append("; mint one with\n")
          .append(
              "            java -jar server/target/switchboard.jar token --tenant acme --user alice"
                  + " --role agent --ttl 1h\n");
    }
    return out.append('\n').toString();
  }
}
