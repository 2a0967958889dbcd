package dev.sonde.e2e.harness;

import com.sun.tools.attach.VirtualMachine;
import java.nio.file.Path;

/**
 * async-profiler attached to the service for the steady phase only ({@code --profile}): started
 * at the phase's first boundary, stopped at its last, its stacks written as collapsed text (one
 * line per stack, frames from the thread down, then the sample count). It samples CPU time, one
 * sample per {@value #INTERVAL_MILLIS} ms a thread spends on a CPU, the kernel's part of a system
 * call included, so a stack's count times that is its CPU time. (At 1 ms the profiler itself
 * added about half to the service's CPU per request.) It is loaded through the attach API, as
 * {@code jcmd <pid> JVMTI.agent_load} would: the service's command line stays the same under
 * every setup, and start-up and the first phases are not profiled.
 *
 * <p>{@code --profile-alloc} records allocation instead: async-profiler's {@code alloc} event
 * (a sample per TLAB refill and per allocation outside one, weighted by its size), written with
 * {@code total}, so a stack's count is the bytes it allocated.
 */
final class SteadyStateProfiler {

  /** CPU time per sample, per thread. */
  static final int INTERVAL_MILLIS = 5;

  /** The thread's name as each stack's first frame. */
  static final String START = "start,event=cpu,interval=" + INTERVAL_MILLIS + "ms,threads";

  /** Allocation: the thread's name first, the allocated type as the last frame. */
  static final String START_ALLOC = "start,event=alloc,threads";

  private final Path library;
  private final boolean allocation;

  SteadyStateProfiler(Path library, boolean allocation) {
    this.library = library;
    this.allocation = allocation;
  }

  void start(long pid) throws Exception {
    load(pid, allocation ? START_ALLOC : START);
  }

  void stopInto(long pid, Path collapsed) throws Exception {
    load(pid, "stop,collapsed," + (allocation ? "total," : "") + "file="
        + collapsed.toAbsolutePath());
  }

  private void load(long pid, String options) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
    try {
      vm.loadAgentPath(library.toString(), options);
    } finally {
      vm.detach();
    }
  }
}
