package dev.forkpool.api;

import java.net.URI;

/**
 * The {@code type} of every problem the API answers with. These URIs are a stable contract: a
 * client may switch on them. They are URNs because they name kinds of problems, not pages.
 */
enum ProblemType {
    MALFORMED_JSON("malformed-json", "Malformed JSON"),
    NOT_AN_ARRAY("not-an-array", "Body is not a JSON array"),
    NOT_A_NUMBER("not-a-number", "Item is not a number"),
    TOO_MANY_DIGITS("too-many-digits", "Number has too many digits"),
    OUTSIDE_DOMAIN("outside-domain", "Input outside the function's domain"),
    INVALID_OPTION("invalid-option", "Invalid option"),
    BODY_TOO_LARGE("body-too-large", "Request body too large"),
    TOO_MANY_ITEMS("too-many-items", "Too many items"),
    UNKNOWN_FUNCTION("unknown-function", "Unknown function"),
    UNKNOWN_JOB("unknown-job", "Unknown job"),
    QUEUE_FULL("queue-full", "Queue full"),
    NOT_FOUND("not-found", "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type"),
    NOT_ACCEPTABLE("not-acceptable", "Not acceptable"),
    BAD_REQUEST("bad-request", "Bad request"),
    INCOMPLETE_BODY("incomplete-body", "Incomplete request body"),
    BUSY("busy", "Too many result streams"),
    IDEMPOTENCY_IN_PROGRESS("idempotency-key-in-progress", "Request with this Idempotency-Key in progress"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", "Idempotency-Key used for another request"),
    INTERNAL("internal", "Internal error");

    final URI uri;
    final String title;

    ProblemType(String slug, String title) {
        this.uri = URI.create("urn:forkpool:problem:" + slug);
        this.title = title;
    }
}
