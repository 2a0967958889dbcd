/**
 * Classes that live on the bootstrap class path, so that advice inlined into any application class
 * can reach them. Only interfaces, static holders and guards: no third-party types and no logic
 * that changes often. The agent fills the holders at start-up; until then every hook is a no-op.
 */
package dev.sonde.bootstrap;
