/**
 * What the agent offers {@code java.util.logging} users by class name: {@link
 * dev.sonde.jul.CorrelatingFormatter}, named in {@code logging.properties}. Lives on the bootstrap
 * class path with the hooks (the JDK's {@code LogManager} loads it through the system class
 * loader), under a package name that stays stable because configuration files name it.
 */
package dev.sonde.jul;
