package dev.forkpool;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ForkpoolApplication {
    public static void main(String[] args) {
        SpringApplication.run(ForkpoolApplication.class, args);
    }
}
