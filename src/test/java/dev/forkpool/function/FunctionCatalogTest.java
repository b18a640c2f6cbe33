package dev.forkpool.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionCatalogTest {

    @Test
    void findsBuiltInAndPluggedInFunctionsThroughTheServiceLoader() {
        FunctionCatalog catalog = FunctionCatalog.load(getClass().getClassLoader());

        assertThat(catalog.all())
                .extracting(JobFunction::name)
                .containsExactly("crashy", "identity", "sleep", "spin", "square");
        assertThat(catalog.find("square")).isInstanceOf(SquareFunction.class);
        assertThat(catalog.find("crashy")).isInstanceOf(CrashyFunction.class);
        assertThat(catalog.find("nope")).isNull();
    }

    @Test
    void sleepChecksItsDomain() {
        SleepFunction sleep = new SleepFunction();

        assertThat(sleep.checkInput(0L)).isNull();
        assertThat(sleep.checkInput(60_000L)).isNull();
        assertThat(sleep.checkInput(-1L)).contains("from 0 to 60000").contains("got -1");
        assertThat(sleep.checkInput(60_001L)).contains("got 60001");
        assertThat(sleep.checkInput(new BigDecimal("1.5"))).contains("1.5").contains("not a whole number");
        assertThat(sleep.checkInput(new BigInteger("99999999999999999999"))).contains("too large");
    }

    @Test
    void spinIsDeterministic() throws Exception {
        SpinFunction spin = new SpinFunction();

        assertThat(spin.apply(1000L)).isEqualTo(spin.apply(1000L));
        assertThat(spin.apply(0L)).isEqualTo(0x9E3779B97F4A7C15L >>> 1);
        assertThat(spin.checkInput(10_000_000_001L)).isNotNull();
    }

    @Test
    void aFunctionNameMustBeUrlFriendly(@TempDir Path dir) throws IOException {
        Path services = dir.resolve("services.txt");
        Files.writeString(services, BadName.class.getName());
        URL serviceFile = services.toUri().toURL();
        ClassLoader onlyBadName = new ClassLoader(getClass().getClassLoader()) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return name.equals("META-INF/services/" + JobFunction.class.getName())
                        ? Collections.enumeration(List.of(serviceFile))
                        : super.getResources(name);
            }
        };

        assertThatThrownBy(() -> FunctionCatalog.load(onlyBadName))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'Bad Name'");
    }

    /** Loaded only by the test above, through its own service file. */
    public static final class BadName implements JobFunction {
        @Override
        public String name() {
            return "Bad Name";
        }

        @Override
        public String description() {
            return "";
        }

        @Override
        public Number apply(Number input) {
            return input;
        }
    }
}
