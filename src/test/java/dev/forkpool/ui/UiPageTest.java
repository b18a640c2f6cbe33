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
    void springSecurityHeadersNeitherDuplicateNorOverrideThePageHeaders() {
        // Spring Security writes its defaults only where a header is not set yet; the page's own
        // values must be the only ones.
        for (String path : new String[] {"/ui/", "/ui/app.css", "/ui/js/main.js"}) {
            ApiClient.Response r = api.get(path);
            assertThat(r.headers().allValues("Content-Security-Policy"))
                    .as(path)
                    .containsExactly(UiHeadersFilter.CONTENT_SECURITY_POLICY);
            assertThat(r.headers().allValues("X-Content-Type-Options")).as(path).containsExactly("nosniff");
            assertThat(r.headers().allValues("X-Frame-Options")).as(path).containsExactly("DENY");
            assertThat(r.headers().allValues("Referrer-Policy")).as(path).containsExactly("no-referrer");
            assertThat(r.headers().allValues("Cache-Control")).as(path).containsExactly("no-cache");
            assertThat(r.headers().allValues("Pragma")).as(path).isEmpty();
            assertThat(r.headers().allValues("Expires")).as(path).isEmpty();
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
