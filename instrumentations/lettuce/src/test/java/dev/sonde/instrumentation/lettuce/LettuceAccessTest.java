package dev.sonde.instrumentation.lettuce;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.BooleanOutput;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.KeyValueListOutput;
import io.lettuce.core.output.MapOutput;
import io.lettuce.core.output.StreamingOutput;
import io.lettuce.core.output.ValueListOutput;
import io.lettuce.core.output.ValueOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandKeyword;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.TransactionalCommand;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lettuce's own objects, read the way the recorder reads them. */
@SuppressWarnings("unchecked")
class LettuceAccessTest {

  private static ByteBuffer utf8(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aValueReplyIsItsValueAndNilIsNull() {
    ValueOutput<String, String> found = new ValueOutput<>(StringCodec.UTF8);
    found.set(utf8("alice"));
    ValueOutput<String, String> nil = new ValueOutput<>(StringCodec.UTF8);
    nil.set((ByteBuffer) null);

    assertThat(LettuceAccess.reply(found)).isEqualTo("alice");
    assertThat(LettuceAccess.reply(nil)).isNull();
    assertThat(LettuceAccess.reply(null)).isNull();
    assertThat(LettuceAccess.error(found)).isNull();
  }

  @Test
  void anMgetReplyOfKeyValuesIsTheListOfValuesWithNilAsNull() {
    KeyValueListOutput<String, String> output =
        new KeyValueListOutput<>(StringCodec.UTF8, Arrays.asList("a", "b", "c"));
    output.multi(3);
    output.set(utf8("1"));
    output.set((ByteBuffer) null);
    output.set(utf8("3"));

    Object reply = LettuceAccess.reply(output);

    assertThat(reply).isInstanceOf(List.class);
    assertThat((List<Object>) reply).containsExactly("1", null, "3");
  }

  @Test
  void integersBooleansAndMapsArePlainValues() {
    IntegerOutput<String, String> exists = new IntegerOutput<>(StringCodec.UTF8);
    exists.set(2L);
    BooleanOutput<String, String> flag = new BooleanOutput<>(StringCodec.UTF8);
    flag.set(1L);
    MapOutput<String, String> hash = new MapOutput<>(StringCodec.UTF8);
    hash.multi(2);
    hash.set(utf8("field"));
    hash.set(utf8("value"));

    assertThat(LettuceAccess.reply(exists)).isEqualTo(2L);
    assertThat(LettuceAccess.reply(flag)).isEqualTo(true);
    assertThat((Map<Object, Object>) LettuceAccess.reply(hash)).containsEntry("field", "value");
  }

  @Test
  void aListKeptByTheOutputIsReadAndOneStreamedToAReactiveSubscriberIsUnknown() {
    ValueListOutput<String, String> kept = new ValueListOutput<>(StringCodec.UTF8);
    kept.multi(0);
    ValueListOutput<String, String> streamed = new ValueListOutput<>(StringCodec.UTF8);
    streamed.setSubscriber(new StreamingOutput.Subscriber<String>() {
      @Override
      public void onNext(String value) {}
    });
    streamed.multi(2);
    streamed.set(utf8("x"));
    streamed.set(utf8("y"));

    assertThat((List<?>) LettuceAccess.reply(kept)).isEmpty();
    assertThat(LettuceAccess.reply(streamed)).isSameAs(LettuceAccess.STREAMED);
  }

  @Test
  void anErrorReplyBecomesTheExceptionLettuceRaisesForIt() {
    ValueOutput<String, String> output = new ValueOutput<>(StringCodec.UTF8);
    output.setError(utf8("WRONGTYPE Operation against a key holding the wrong kind of value"));

    String message = LettuceAccess.error(output);
    Throwable error = LettuceAccess.errorReply(output, message);

    assertThat(message).startsWith("WRONGTYPE");
    assertThat(error).isInstanceOf(RedisCommandExecutionException.class).hasMessage(message);
  }

  @Test
  void theKeyIsReadAndTheOtherArgumentsOnlyWhenAsked() {
    CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8)
        .addKey("user:1").addValue("alice").add(CommandKeyword.LIMIT).add(60);

    assertThat(LettuceAccess.arguments(args, 1)).containsExactly("user:1", "?", "?", "?");
    assertThat(LettuceAccess.arguments(args, 64)).containsExactly("user:1", "alice", "LIMIT", "60");
    assertThat(LettuceAccess.argumentCount(args)).isEqualTo(4);
    assertThat(LettuceAccess.argumentCount(null)).isZero();
    assertThat(LettuceAccess.placeholders(4)).containsExactly("?", "?", "?", "?");
  }

  @Test
  void aPasswordPassedAsCharsIsNeverRead() {
    CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8)
        .add("default").add("s3cret".toCharArray());

    assertThat(LettuceAccess.arguments(args, 64)).containsExactly("default", "?");
  }

  @Test
  void binaryAndCustomCodecKeysAreEncodedBytes() {
    CommandArgs<byte[], byte[]> binary = new CommandArgs<>(ByteArrayCodec.INSTANCE)
        .addKey("k1".getBytes(StandardCharsets.UTF_8));
    RedisCodec<Long, String> longKeys = RedisCodec.of(new LongKeyCodec(), StringCodec.UTF8);
    CommandArgs<Long, String> custom = new CommandArgs<>(longKeys).addKey(42L);
    CommandArgs<Object, String> objects = new CommandArgs<>(
        RedisCodec.of(new ObjectKeyCodec(), StringCodec.UTF8)).addKey(new Object());

    assertThat(LettuceAccess.arguments(binary, 1)[0]).isEqualTo("k1".getBytes(StandardCharsets.UTF_8));
    assertThat(LettuceAccess.arguments(custom, 1)[0]).isEqualTo(42L);
    assertThat(LettuceAccess.arguments(objects, 1)[0]).isEqualTo("obj".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aCommandQueuedInATransactionIsOwnedByTheCommandItWraps() {
    AsyncCommand<String, String, String> command = new AsyncCommand<>(
        new Command<>(CommandType.GET, new ValueOutput<>(StringCodec.UTF8)));
    TransactionalCommand<String, String, String> queued = new TransactionalCommand<>(command);

    assertThat(LettuceAccess.owner(queued)).isSameAs(command);
    assertThat(LettuceAccess.owner(command)).isSameAs(command);
  }

  @Test
  void noConnectionMeansNoServerAndNoDatabase() {
    assertThat(LettuceAccess.server(new Object())).isNull();
    assertThat(LettuceAccess.database(new Object())).isEqualTo(-1);
    assertThat(LettuceAccess.server(null)).isNull();
  }

  private static final class LongKeyCodec implements RedisCodec<Long, Long> {
    @Override
    public Long decodeKey(ByteBuffer bytes) {
      return null;
    }

    @Override
    public Long decodeValue(ByteBuffer bytes) {
      return null;
    }

    @Override
    public ByteBuffer encodeKey(Long key) {
      return utf8("never used: a number is shown as it is");
    }

    @Override
    public ByteBuffer encodeValue(Long value) {
      return null;
    }
  }

  private static final class ObjectKeyCodec implements RedisCodec<Object, Object> {
    @Override
    public Object decodeKey(ByteBuffer bytes) {
      return null;
    }

    @Override
    public Object decodeValue(ByteBuffer bytes) {
      return null;
    }

    @Override
    public ByteBuffer encodeKey(Object key) {
      return utf8("obj");
    }

    @Override
    public ByteBuffer encodeValue(Object value) {
      return null;
    }
  }
}
