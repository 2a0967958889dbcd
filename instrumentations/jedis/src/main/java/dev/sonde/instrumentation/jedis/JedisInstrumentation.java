package dev.sonde.instrumentation.jedis;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sonde.bootstrap.jedis.JedisHooks;
import dev.sonde.instrumentation.api.InstrumentationModule;
import dev.sonde.instrumentation.api.LibraryShape;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.TypeInstrumentation;
import dev.sonde.instrumentation.api.redis.RedisCommandRecorder;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Jedis 3 to 8: every command goes out through one method of {@code redis.clients.jedis.Connection}
 * ({@code sendCommand(CommandArguments)} from 4 on, {@code sendCommand(ProtocolCommand, byte[]...)}
 * in 3) and every reply comes in through {@code readProtocolWithCheckingBroken()}, in the order
 * the commands were sent: single commands, pipelines, transactions, whatever client class
 * ({@code Jedis}, {@code JedisPooled}, {@code JedisCluster}, {@code UnifiedJedis}) drives them.
 * Only {@code Connection}'s own methods are instrumented; its subclass {@code CacheConnection}
 * (client-side caching, 5+) inherits them.
 */
public final class JedisInstrumentation implements InstrumentationModule {

  static final String CONNECTION = "redis.clients.jedis.Connection";
  static final String COMMAND_ARGUMENTS = "redis.clients.jedis.CommandArguments";
  static final String PROTOCOL_COMMAND = "redis.clients.jedis.commands.ProtocolCommand";

  @Override
  public String name() {
    return "jedis";
  }

  @Override
  public LibraryShape shape() {
    return LibraryShape.requires(CONNECTION,
        "sendCommand", "readProtocolWithCheckingBroken", "flush", "disconnect");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    ElementMatcher.Junction<MethodDescription> sendArguments = named("sendCommand")
        .and(takesArguments(1)).and(takesArgument(0, named(COMMAND_ARGUMENTS)));
    ElementMatcher.Junction<TypeDescription> connection = named(CONNECTION);
    return Arrays.asList(
        // Jedis 4+: the one send method all overloads delegate to.
        TypeInstrumentation.of(connection, sendArguments, SendCommandAdvice.class),
        // Jedis 3: no CommandArguments; the byte[]... overload is the one the others call. Only
        // where the 4+ method is absent, or a 4+ send would be reported twice.
        TypeInstrumentation.of(connection.and(not(declaresMethod(sendArguments))),
            named("sendCommand").and(takesArguments(2))
                .and(takesArgument(0, named(PROTOCOL_COMMAND)))
                .and(takesArgument(1, byte[][].class)),
            SendCommandV3Advice.class),
        TypeInstrumentation.of(connection,
            named("readProtocolWithCheckingBroken").and(takesArguments(0)),
            ReadReplyAdvice.class),
        TypeInstrumentation.of(connection, named("flush").and(takesArguments(0)),
            FlushAdvice.class),
        TypeInstrumentation.of(connection,
            namedOneOf("disconnect", "forceDisconnect").and(takesArguments(0)),
            DisconnectAdvice.class));
  }

  @Override
  public void start(Telemetry telemetry) {
    JedisHooks.hook = new JedisRecorder(RedisCommandRecorder.of(telemetry),
        telemetry.config().getBoolean(RedisCommandRecorder.CAPTURE_ARGS, false));
  }
}
