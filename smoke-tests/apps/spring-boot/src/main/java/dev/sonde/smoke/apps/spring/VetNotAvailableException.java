package dev.sonde.smoke.apps.spring;

/** The application's own exception; no @ExceptionHandler handles it. */
public class VetNotAvailableException extends RuntimeException {

  public VetNotAvailableException(String message) {
    super(message);
  }
}
