package dev.sonde.instrumentation.jedis;

import dev.sonde.instrumentation.api.health.DependencyWindow;
import dev.sonde.instrumentation.api.redis.RedisCall;
import dev.sonde.instrumentation.api.redis.RedisCommandRecorder;
import java.util.ArrayList;
import java.util.List;

/**
 * What the agent knows of one Jedis connection: its server, the database it is in, and the
 * commands sent on it whose replies have not been read yet, oldest first. Replies come back in
 * the order commands were sent, so each reply read ends the oldest command: single commands,
 * pipelines and transactions alike.
 *
 * <p>Transactions: a command sent between MULTI and EXEC is answered QUEUED; it runs, and its
 * real reply comes, in EXEC's reply. So a queued command is not ended by its QUEUED but waits
 * for EXEC, and ends with its own element of EXEC's reply (its span lasts until the transaction
 * ran). A transaction that does not run (DISCARD, or EXEC answered nil because a WATCHed key
 * changed) drops its queued commands unrecorded: they did nothing; EXEC refused with an error
 * (EXECABORT) ends them with that error.
 *
 * <p>A Jedis connection is used by one thread at a time (a pool hands it over with a
 * happens-before); the monitor is there for pub/sub, where one thread reads while another may
 * subscribe on the same connection. It is never contended otherwise.
 */
final class ConnectionState {

  static final byte PLAIN = 0;
  static final byte QUEUED = 1;
  static final byte MULTI = 2;
  static final byte EXEC = 3;
  static final byte DISCARD = 4;
  static final byte SELECT = 5;

  final String host;
  final int port;
  /** The server's window for the health checks. */
  final DependencyWindow endpoint;
  private final int maxPending;
  private final PendingCommands pending;
  /** Queued commands (answered QUEUED) of the transaction in progress, oldest first. */
  private final List<RedisCall> transaction = new ArrayList<RedisCall>(0);
  private long database;
  private boolean inMulti;

  ConnectionState(String host, int port, DependencyWindow endpoint, int maxPending) {
    this.host = host;
    this.port = port;
    this.endpoint = endpoint;
    this.maxPending = maxPending;
    this.pending = new PendingCommands(maxPending);
  }

  /** A command was written: {@code name} in upper case, {@code args} after the name. */
  synchronized void sent(RedisCommandRecorder recorder, String name, Object[] args) {
    // Transaction and database bookkeeping happens whether or not there is room to record the
    // command: a skipped EXEC must still end the transaction, a skipped SELECT still switch.
    boolean recorded = pending.hasRoom();
    long sentIn = database;
    byte role = inMulti ? QUEUED : PLAIN;
    switch (name) {
      case "MULTI":
        role = MULTI;
        if (!inMulti) {
          // Leftovers of a transaction whose end was never seen.
          transaction.clear();
        }
        inMulti = true;
        break;
      case "EXEC":
        role = EXEC;
        inMulti = false;
        break;
      case "DISCARD":
        role = DISCARD;
        inMulti = false;
        break;
      case "SELECT":
        // Commands sent after it run in the new database, pipelined or queued ones included.
        long selected = JedisObjects.databaseIndex(args);
        if (selected >= 0) {
          if (role == PLAIN) {
            role = SELECT;
          }
          database = selected;
        }
        break;
      case "RESET":
        database = 0;
        inMulti = false;
        break;
      case "CLIENT":
        if (recorded && isSetInfo(args)) {
          // Jedis 4+ announces itself with CLIENT SETINFO on every new connection; servers
          // before Redis 7.2 refuse it and Jedis ignores that. Not the application's command:
          // its reply is paired, nothing is recorded (else each new connection counts errors).
          pending.add(null, role, sentIn);
          return;
        }
        break;
      default:
        break;
    }
    if (!recorded) {
      return;
    }
    RedisCall call = null;
    try {
      call = recorder.start(name, args, host, port, sentIn, endpoint);
    } finally {
      // Added even when start failed (as null): the reply must still find its place.
      pending.add(call, role, sentIn);
    }
  }

  private static boolean isSetInfo(Object[] args) {
    return args != null && args.length > 0 && args[0] instanceof byte[]
        && "SETINFO".equalsIgnoreCase(RedisCommandRecorder.text((byte[]) args[0]));
  }

  /** The oldest command's reply (a raw Jedis reply), or its error reply. */
  synchronized void replied(RedisCommandRecorder recorder, Object reply, Throwable error) {
    if (!pending.pop()) {
      return;
    }
    RedisCall call = pending.call;
    pending.call = null;
    switch (pending.role) {
      case QUEUED:
        if (error == null) {
          if (call != null && transaction.size() < maxPending) {
            transaction.add(call);
          }
          return;
        }
        break;
      case EXEC:
        endTransaction(recorder, reply, error);
        break;
      case DISCARD:
        transaction.clear();
        break;
      case SELECT:
        if (error != null && database != pending.previousDatabase) {
          database = pending.previousDatabase;
        }
        break;
      default:
        break;
    }
    end(recorder, call, reply, error);
  }

  /**
   * The connection broke (sending or reading failed other than with an error reply): no reply
   * will come for anything waiting, so all of it ends with {@code error}.
   */
  synchronized void broken(RedisCommandRecorder recorder, Throwable error) {
    RedisCall[] waiting = pending.clear();
    for (RedisCall call : transaction) {
      end(recorder, call, null, error);
    }
    transaction.clear();
    inMulti = false;
    for (RedisCall call : waiting) {
      end(recorder, call, null, error);
    }
  }

  /** The socket closed: what was waiting is forgotten; a new socket starts in database 0. */
  synchronized void closed() {
    pending.clear();
    transaction.clear();
    inMulti = false;
    database = 0;
  }

  synchronized int pendingCount() {
    return pending.size();
  }

  synchronized long database() {
    return database;
  }

  private void endTransaction(RedisCommandRecorder recorder, Object reply, Throwable error) {
    if (error != null) {
      for (RedisCall call : transaction) {
        end(recorder, call, null, error);
      }
    } else if (reply instanceof List) {
      List<?> replies = (List<?>) reply;
      for (int i = 0; i < transaction.size(); i++) {
        Object element = i < replies.size() ? replies.get(i) : null;
        if (element instanceof Throwable) {
          end(recorder, transaction.get(i), null, (Throwable) element);
        } else {
          end(recorder, transaction.get(i), element, null);
        }
      }
    }
    // A nil EXEC (a WATCHed key changed): nothing ran, nothing is recorded.
    transaction.clear();
  }

  private static void end(RedisCommandRecorder recorder, RedisCall call, Object reply,
      Throwable error) {
    if (call != null) {
      recorder.end(call, error == null ? JedisReplies.plain(reply) : null, error);
    }
  }
}
