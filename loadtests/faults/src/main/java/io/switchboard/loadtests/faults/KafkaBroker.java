package io.switchboard.loadtests.faults;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * The suite's Kafka: a one-node KRaft broker in a JVM of its own, driven over standard input
 * ({@code stop}, {@code start}; end of input ends it) and answering on standard output with lines
 * that start with {@code KAFKA }.
 */
public final class KafkaBroker {

  static final String PREFIX = "KAFKA ";

  private KafkaBroker() {}

  public static void main(String[] args) throws Exception {
    try (KafkaClusterTestKit kafka =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            // One broker cannot hold the default three replicas of the internal topics.
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .build()) {
      kafka.format();
      kafka.startup();
      kafka.waitForReadyBrokers();
      answer("READY " + kafka.bootstrapServers());
      BrokerServer broker = kafka.brokers().values().iterator().next();
      BufferedReader commands =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String command = commands.readLine(); command != null; command = commands.readLine()) {
        switch (command.trim()) {
          case "stop" -> {
            broker.shutdown();
            broker.awaitShutdown();
            answer("STOPPED");
          }
          case "start" -> {
            broker.startup();
            kafka.waitForReadyBrokers();
            answer("STARTED");
          }
          default -> answer("UNKNOWN " + command);
        }
      }
    }
  }

  private static void answer(String line) {
    System.out.println(PREFIX + line);
    System.out.flush();
  }
}
