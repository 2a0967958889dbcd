package dev.sonde.smoke.apps.spring;

import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data JPA: every query is Hibernate's. */
public interface VetRepository extends JpaRepository<Vet, Integer> {}
