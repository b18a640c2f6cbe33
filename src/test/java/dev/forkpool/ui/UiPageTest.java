package dev.forkpool.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forkpool.ServiceTest;
import dev.forkpool.api.ApiClient;
import org.junit.jupiter.api.Test;

/** The jobs page is served by the service, with its security headers; the browser tests drive it. */
class UiPageTest extends ServiceTest {
    @Test
    void rootRedirectsToThePage() {
        ApiClient.Response root = api.get("/");

        assertThat(root.status()).isBetween(301, 308);
        assertThat(root.header("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/ui/"));
    }

    @Test
    void thePageAndItsModulesAreServedWithAStrictPolicy() {
        ApiClient.Response page = api.get("/ui/");
        ApiClient.Response module = api.get("/ui/js/main.js");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<script type=\"module\" src=\"js/main.js\">");
        assertThat(module.status()).isEqualTo(200);
        assertThat(module.contentType()).containsAnyOf("javascript");
        for (ApiClient.Response r : new ApiClient.Response[] {page, module}) {
            assertThat(r.header("Content-Security-Policy"))
                    .hasValue(UiHeadersFilter.CONTENT_SECURITY_POLICY)
                    .hasValueSatisfying(csp -> assertThat(csp)
                            .contains("script-src 'self'")
                            .doesNotContain("unsafe-inline")
                            .doesNotContain("unsafe-eval"));
            assertThat(r.header("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.header("Set-Cookie")).isEmpty();
        }
    }

    @Test
    void thePageHasNoInlineScriptOrStyle() {
        String html = api.get("/ui/").body();

        assertThat(html).doesNotContainPattern("<script(?![^>]*\\bsrc=)");
        assertThat(html).doesNotContain("<style").doesNotContain(" style=").doesNotContainPattern("\\son[a-z]+=");
    }

    @Test
    void theApiIsNotAffectedByThePagePolicy() {
        assertThat(api.get("/functions").header("Content-Security-Policy")).isEmpty();
    }
}
