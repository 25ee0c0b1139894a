package io.possync.common.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code possync-common.yml} (Kafka serialization and durability, actuator settings) to every
 * service as the property source of lowest precedence, so each service's own configuration can
 * override any of it. ({@code spring.config.import} would not do: imported values win over the
 * importing file's.)
 */
public class PlatformDefaults implements EnvironmentPostProcessor {

    static final String RESOURCE = "possync-common.yml";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(RESOURCE)) {
            return;
        }
        try {
            new YamlPropertySourceLoader().load(RESOURCE, new ClassPathResource(RESOURCE))
                    .forEach(source -> environment.getPropertySources().addLast(source));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
