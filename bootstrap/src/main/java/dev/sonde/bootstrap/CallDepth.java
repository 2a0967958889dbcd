package dev.sonde.bootstrap;

/**
 * Counts, per thread, how deep the current call is nested inside instrumented methods of one
 * kind, so that layered calls (a filter chain calling the next filter, a wrapper calling the
 * wrapped driver) are recorded once, by the outermost layer.
 *
 * <p>A module hands itself its kinds at start-up, from a static final field of its boot-visible
 * class, so that the JIT sees a constant:
 *
 * <pre>{@code
 * static final CallDepth STATEMENT_DEPTH = CallDepth.kind("jdbc.statement");
 * }</pre>
 *
 * <p>The enter advice takes the thread's depths once and keeps them in an advice local for the
 * exit advice, so a call costs one thread-local lookup, not two:
 *
 * <pre>{@code
 * depths = CallDepth.ofThread();
 * if (JdbcHooks.STATEMENT_DEPTH.enter(depths) == 0) record...
 * ...
 * JdbcHooks.STATEMENT_DEPTH.exit(depths); // on every exit, thrown or not
 * }</pre>
 *
 * <p>Every kind has a slot in one array of {@link #CAPACITY} slots, part of the agent's one
 * thread-local entry ({@link ThreadState}): each entry the agent added to an application thread's
 * thread-local map would lengthen the probes of every lookup on that thread, the application's
 * too.
 */
public final class CallDepth {

  /** How many kinds there can be: the length of every thread's array of depths. */
  public static final int CAPACITY = 32;

  private static final CallDepth[] KINDS = new CallDepth[CAPACITY];

  private static int count;

  private final String name;

  private final int slot;

  private CallDepth(String name, int slot) {
    this.name = name;
    this.slot = slot;
  }

  /**
   * The kind named {@code name}, given its slot on the first call: the same kind for the same
   * name, so that two modules (or two class loaders' copies of a test) share it.
   *
   * @param name what nests, {@code <module>.<what>}: {@code "jdbc.statement"}
   * @throws IllegalStateException when all {@link #CAPACITY} slots are taken
   */
  public static synchronized CallDepth kind(String name) {
    for (int i = 0; i < count; i++) {
      if (KINDS[i].name.equals(name)) {
        return KINDS[i];
      }
    }
    if (count == CAPACITY) {
      throw new IllegalStateException("more than " + CAPACITY + " call depth kinds: " + name);
    }
    CallDepth kind = new CallDepth(name, count);
    KINDS[count++] = kind;
    return kind;
  }

  /** The name it was given by {@link #kind}. */
  public String name() {
    return name;
  }

  /** The calling thread's depths of every kind, to pass to {@link #enter} and {@link #exit}. */
  public static int[] ofThread() {
    return ThreadState.current().depths;
  }

  /**
   * @param depths the calling thread's, from {@link #ofThread}
   * @return the depth before this call: 0 for the outermost one
   */
  public int enter(int[] depths) {
    return depths[slot]++;
  }

  /**
   * @param depths the same as given to {@link #enter}
   * @return the depth after this call: 0 when the outermost call has exited
   */
  public int exit(int[] depths) {
    int depth = depths[slot];
    if (depth > 0) {
      depths[slot] = --depth;
    }
    return depth;
  }
}
