package dev.sonde.smoke.apps.spring;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.CommandLineRunner;
import org.springframework.stereotype.Component;

/** At start-up, outside any request: the vets (through JPA), then the index and the range (JDBC). */
@Component
public class SeedVets implements CommandLineRunner {

  private static final Logger LOG = LoggerFactory.getLogger(SeedVets.class);

  private final VetRepository vets;
  private final Maintenance maintenance;

  SeedVets(VetRepository vets, Maintenance maintenance) {
    this.vets = vets;
    this.maintenance = maintenance;
  }

  @Override
  public void run(String... args) {
    vets.saveAll(List.of(new Vet("James", "Carter"), new Vet("Helen", "Leary"),
        new Vet("Linda", "Douglas"), new Vet("Rafael", "Ortega")));
    maintenance.reindex();
    LOG.info("outside request: {} vets", vets.count());
  }
}
