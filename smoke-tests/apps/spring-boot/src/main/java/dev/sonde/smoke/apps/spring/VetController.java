package dev.sonde.smoke.apps.spring;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/** The app's endpoints; see {@link PetclinicApplication}. */
@Controller
public class VetController {

  private static final Logger LOG = LoggerFactory.getLogger(VetController.class);

  private final VetRepository vets;
  private final Maintenance maintenance;

  VetController(VetRepository vets, Maintenance maintenance) {
    this.vets = vets;
    this.maintenance = maintenance;
  }

  @GetMapping("/vets")
  @ResponseBody
  public List<Vet> vets() {
    LOG.info("listing vets");
    return vets.findAll();
  }

  @GetMapping("/vets/{id}")
  @ResponseBody
  public Vet vet(@PathVariable("id") int id) {
    LOG.info("loading vet {}", id);
    return vets.findById(id)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no vet " + id));
  }

  @GetMapping("/boom")
  @ResponseBody
  public String boom(@RequestParam(name = "vet", defaultValue = "0") String vet) {
    LOG.info("looking for vet {} on call", vet);
    throw new VetNotAvailableException("vet " + vet + " is not on call");
  }

  /** A new session, and a redirect that carries its id in the URL as long as no cookie came back. */
  @GetMapping("/login")
  public String login(HttpServletRequest request) {
    LOG.info("login, session {}", request.getSession(true).isNew() ? "new" : "existing");
    return "redirect:/vets";
  }

  @GetMapping("/admin/reindex")
  @ResponseBody
  public String reindex() {
    return "reindexed, range " + maintenance.reindex();
  }
}
