package io.switchboard.hub.redis;

import static io.switchboard.hub.redis.TenantRedis.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Redis requests pipelined on one connection")
class PipelinedRedisTest {

  private TenantRedis redis;
  private PipelinedRedis pipelined;

  @BeforeEach
  void open() {
    redis = TenantRedis.open();
    pipelined = new PipelinedRedis(redis.redis());
  }

  @AfterEach
  void close() {
    await(pipelined.close());
    redis.close();
  }

  private String key() {
    return HubKeys.key(redis.tenant(), "counter");
  }

  private long connectionId() {
    return await(pipelined.send(Request.cmd(Command.CLIENT).arg("ID"))).toLong();
  }

  @Test
  @DisplayName(
      "sends 200 requests at once on one connection, more than the pool holds, answered in order")
  void oneConnectionInOrder() {
    List<Future<Response>> counts = new ArrayList<>();
    List<Future<Response>> ids = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      counts.add(pipelined.send(Request.cmd(Command.INCR).arg(key())));
      ids.add(pipelined.send(Request.cmd(Command.CLIENT).arg("ID")));
    }
    await(Future.all(counts));
    await(Future.all(ids));

    assertThat(counts.stream().map(count -> count.result().toLong()).toList())
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 200).mapToObj(Long::valueOf).toList());
    assertThat(ids.stream().map(id -> id.result().toLong()).distinct()).hasSize(1);
  }

  @Test
  @DisplayName("opens another connection once Redis has closed the one it had")
  void replacesAClosedConnection() {
    long first = connectionId();
    redis.send(Command.CLIENT, "KILL", "ID", Long.toString(first));

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Long second = null;
    while (second == null && System.nanoTime() < deadline) {
      Future<Response> id = pipelined.send(Request.cmd(Command.CLIENT).arg("ID"));
      // A request sent before the close is noticed fails, as it would on a pooled connection.
      TenantRedis.settle(id);
      if (id.succeeded()) {
        second = id.result().toLong();
      } else {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
    }

    assertThat(second).isNotNull().isNotEqualTo(first);
    assertThat(await(pipelined.send(Request.cmd(Command.INCR).arg(key()))).toLong()).isEqualTo(1);
  }

  @Test
  @DisplayName("closing it gives its connection back, and a later send takes one again")
  void closes() {
    long first = connectionId();
    await(pipelined.close());

    assertThat(await(pipelined.send(Request.cmd(Command.INCR).arg(key()))).toLong()).isEqualTo(1);
    assertThat(redis.send(Command.CLIENT, "LIST").toString()).contains("id=" + first + " ");
  }

  @Test
  @DisplayName(
      "serves requests sent from several event loops at once, each answered on its own loop, the"
          + " first ones too")
  void fromSeveralEventLoops() {
    Vertx vertx = Vertx.vertx();
    try {
      List<Future<Void>> loops = new ArrayList<>();
      List<String> strays = new CopyOnWriteArrayList<>();
      // Twice: first while the connection is being opened, then once it is open.
      for (int loop = 0; loop < 8; loop++) {
        if (loop == 4) {
          await(Future.all(loops));
        }
        Promise<Void> done = Promise.promise();
        ContextInternal context = ((VertxInternal) vertx).createEventLoopContext();
        context.runOnContext(
            start -> {
              List<Future<Response>> sent = new ArrayList<>();
              for (int i = 0; i < 500; i++) {
                sent.add(
                    pipelined
                        .send(Request.cmd(Command.INCR).arg(key()))
                        .onComplete(
                            answered -> {
                              if (Vertx.currentContext() != context) {
                                strays.add(Thread.currentThread().getName());
                              }
                            }));
              }
              Future.all(sent).<Void>mapEmpty().onComplete(done);
            });
        loops.add(done.future());
      }
      await(Future.all(loops));
      assertThat(redis.send(Command.GET, key()).toLong()).isEqualTo(4000);
      assertThat(strays).as("answers completed on another loop than the sender's").isEmpty();
    } finally {
      vertx.close().await();
    }
  }
}
