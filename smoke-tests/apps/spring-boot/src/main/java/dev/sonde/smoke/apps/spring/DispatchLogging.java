package dev.sonde.smoke.apps.spring;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/** A filter on the request and on the error dispatch: logs "dispatch &lt;type&gt; &lt;uri&gt;". */
@Configuration
public class DispatchLogging {

  private static final Logger LOG = LoggerFactory.getLogger(DispatchLogging.class);

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> dispatchLoggingFilter() {
    FilterRegistrationBean<OncePerRequestFilter> registration =
        new FilterRegistrationBean<>(new OncePerRequestFilter() {
          @Override
          protected boolean shouldNotFilterErrorDispatch() {
            return false;
          }

          @Override
          protected void doFilterInternal(HttpServletRequest request,
              HttpServletResponse response, FilterChain chain)
              throws ServletException, IOException {
            LOG.info("dispatch {} {}", request.getDispatcherType(), request.getRequestURI());
            chain.doFilter(request, response);
          }
        });
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
    registration.addUrlPatterns("/*");
    return registration;
  }
}
