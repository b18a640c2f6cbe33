package dev.forkpool.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;

class NumberArrayParserTest {
    private static final int MAX_DIGITS = 20;

    private static List<Number> parse(String body) throws IOException {
        return parse(body, 1 << 20, 1000);
    }

    private static List<Number> parse(String body, long maxBytes, int maxItems) throws IOException {
        return NumberArrayParser.parse(
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), -1, maxBytes, maxItems, MAX_DIGITS);
    }

    @ParameterizedTest(name = "declared length {0}")
    @ValueSource(longs = {-1, 0, 1, 10, 4_000, 1 << 30})
    void theDeclaredLengthOnlySizesBuffersRightOrWrong(long sizeHint) throws IOException {
        // 20,000 items of mixed kinds, about 150 KB: past every buffer size the hint can choose, so
        // numbers straddle the reads, and past every first capacity, so the array grows.
        StringBuilder body = new StringBuilder("[");
        List<Number> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            Number n = switch (i % 3) {
                case 0 -> (long) i * 1_000_003L;
                case 1 -> new BigInteger("9223372036854775808").add(BigInteger.valueOf(i));
                default -> new BigDecimal(i + ".25");
            };
            body.append(i == 0 ? "" : ", ").append(n);
            expected.add(n);
        }
        body.append(']');
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        List<Number> parsed =
                NumberArrayParser.parse(new ByteArrayInputStream(bytes), sizeHint, 1 << 20, 1_000_000, MAX_DIGITS);
        assertThat(parsed).isEqualTo(expected);
    }

    private static ApiProblem problem(String body) {
        return problem(body, 1 << 20, 1000);
    }

    private static ApiProblem problem(String body, long maxBytes, int maxItems) {
        ApiProblem p = catchThrowableOfType(ApiProblem.class, () -> parse(body, maxBytes, maxItems));
        assertThat(p).as("refusal of %s", body).isNotNull();
        return p;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0",
                "-0",
                "7",
                "-7",
                "999999999999999999",
                "-999999999999999999",
                "1234567890123456789",
                "-9223372036854775808",
                "9223372036854775807",
                "9223372036854775808",
                "-9223372036854775809",
                "10000000000000000000",
                "-0.5",
                "0.0",
                "123456789012345678.5",
                "1234567890123456789.25",
                "12e3",
                "-12E-3",
                "0e0",
                "999999999999999999e2",
                "123456789012345678e+2"
            })
    void everyNumberComesOutExactlyAsWritten(String text) throws IOException {
        Number n = parse("[" + text + "]").get(0);
        boolean decimal = text.contains(".") || text.contains("e") || text.contains("E");
        if (decimal) {
            assertThat(n).isEqualTo(new BigDecimal(text));
        } else {
            BigInteger exact = new BigInteger(text);
            assertThat(n).isEqualTo(exact.bitLength() <= 63 ? (Number) exact.longValue() : exact);
        }
    }

    @Test
    void readsSmallIntegersAsLongs() throws IOException {
        assertThat(parse("[1,2,3,4,5]")).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(parse("[]")).isEmpty();
    }

    @Test
    void toleratesJsonWhitespaceEverywhere() throws IOException {
        assertThat(parse(" \n\t[ 1 ,\r\n 2\t]\n ")).containsExactly(1L, 2L);
        assertThat(parse("[ ]")).isEmpty();
    }

    @Test
    void integersPastLongBecomeBigIntegersAndThoseThatFitStayLongs() throws IOException {
        assertThat(parse("[12345678901234567890, 9223372036854775807, -9223372036854775808, 9223372036854775808]"))
                .containsExactly(
                        new BigInteger("12345678901234567890"),
                        Long.MAX_VALUE,
                        Long.MIN_VALUE,
                        new BigInteger("9223372036854775808"));
    }

    @Test
    void decimalsAndExponentsStayExactlyAsWritten() throws IOException {
        List<Number> items = parse("[2.5, 1.0, 1.50, 1e3, 1E-2, -0.125, 123e-3]");

        assertThat(items)
                .containsExactly(
                        new BigDecimal("2.5"),
                        new BigDecimal("1.0"),
                        new BigDecimal("1.50"),
                        new BigDecimal("1e3"),
                        new BigDecimal("1E-2"),
                        new BigDecimal("-0.125"),
                        new BigDecimal("0.123"));
    }

    @Test
    void negativeZeroIsZero() throws IOException {
        assertThat(parse("[-0, 0, -0.0]")).containsExactly(0L, 0L, new BigDecimal("0.0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[01]", "[-01]", "[00]", "[007.5]"})
    void leadingZerosAreMalformed(String body) {
        ApiProblem p = problem(body);

        assertThat(p.type).isEqualTo(ProblemType.MALFORMED_JSON);
        assertThat(p.getMessage()).contains("item 0").contains("leading zero");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "[1, \"a\"] | 1 | a string",
                "[1, 2, null] | 2 | null",
                "[true] | 0 | a boolean",
                "[1, false] | 1 | a boolean",
                "[1, 2, 3, {\"a\": 1}] | 3 | an object",
                "[1, [2]] | 1 | an array",
            })
    void nonNumbersAreRefusedNamingTheFirstBadIndex(String body, int index, String kind) {
        ApiProblem p = problem(body);

        assertThat(p.status).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(p.type).isEqualTo(ProblemType.NOT_A_NUMBER);
        assertThat(p.getMessage()).startsWith("item " + index + " is " + kind);
        assertThat(p.properties).containsEntry("index", index);
    }

    @Test
    void onlyTheFirstBadItemIsNamed() {
        assertThat(problem("[1, null, \"x\"]").getMessage()).startsWith("item 1 is null");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"a\": 1} | JSON object",
                "\"text\" | string",
                "5 | single number",
                "-5 | single number",
                "true | boolean",
                "null | null",
            })
    void aBodyThatIsNotAnArrayIsRefused(String body, String kind) {
        ApiProblem p = problem(body);

        assertThat(p.status).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(p.type).isEqualTo(ProblemType.NOT_AN_ARRAY);
        assertThat(p.getMessage()).endsWith("not a " + kind);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "[",
                "[1",
                "[1,",
                "[1,]",
                "[,1]",
                "[1,,2]",
                "[1 2]",
                "[1]]",
                "[1] x",
                "[tru]",
                "[nul]",
                "[.5]",
                "[1.]",
                "[1e]",
                "[1e+]",
                "[-]",
                "[+1]",
                "[NaN]",
                "[Infinity]",
                "[é]",
                "<xml/>",
                "[0x10]",
            })
    void malformedJsonIsRefused(String body) {
        ApiProblem p = problem(body);

        assertThat(p.status).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(p.type).isEqualTo(ProblemType.MALFORMED_JSON);
        assertThat(p.getMessage()).isNotBlank();
    }

    @Test
    void malformedJsonDetailSaysWhereAndWhat() {
        assertThat(problem("[1 2]").getMessage()).contains("after item 0").contains("'2'");
        assertThat(problem("[é]").getMessage()).contains("item 0").contains("byte 0xc3");
        assertThat(problem("").getMessage()).contains("empty");
    }

    @Test
    void digitsAreCountedBeforeAndAfterThePoint() throws IOException {
        String twenty = "12345678901234567890";

        assertThat(parse("[" + twenty + "]")).hasSize(1);
        assertThat(parse("[0." + twenty + "]")).hasSize(1);
        assertThat(parse("[" + twenty + "." + twenty + "]")).hasSize(1);
        assertTooManyDigits("[" + twenty + "1]", 0);
        assertTooManyDigits("[1, 0." + twenty + "1]", 1);
        assertTooManyDigits("[1, 2, -" + twenty + "1]", 2);
    }

    @Test
    void digitsAreCountedWrittenOutSoExponentsCannotHideThem() throws IOException {
        assertThat(parse("[1e19, 1e-20, 1.5e18]")).hasSize(3);
        assertTooManyDigits("[1e20]", 0);
        assertTooManyDigits("[1e-21]", 0);
        assertTooManyDigits("[1e999999]", 0);
        assertTooManyDigits("[1, 1E+999999]", 1);
        assertTooManyDigits("[1e-999999]", 0);
        // An exponent too long to even hold in an int.
        assertTooManyDigits("[1e12345678901]", 0);
    }

    private static void assertTooManyDigits(String body, int index) {
        ApiProblem p = problem(body);

        assertThat(p.status).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(p.type).isEqualTo(ProblemType.TOO_MANY_DIGITS);
        assertThat(p.getMessage()).startsWith("item " + index + " ").contains(String.valueOf(MAX_DIGITS));
        assertThat(p.properties).containsEntry("index", index);
    }

    @Test
    void moreItemsThanAllowedIs413() throws IOException {
        assertThat(parse("[1,2,3]", 1000, 3)).hasSize(3);

        ApiProblem p = problem("[1,2,3,4]", 1000, 3);

        assertThat(p.status).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(p.type).isEqualTo(ProblemType.TOO_MANY_ITEMS);
        assertThat(p.getMessage()).contains("at most 3 items");
    }

    @Test
    void aBodyOverTheByteCapIs413() throws IOException {
        assertThat(parse("[1,2,3,45]", 10, 1000)).hasSize(4);

        ApiProblem p = problem("[1,2,3,4,5]", 10, 1000);

        assertThat(p.status).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(p.type).isEqualTo(ProblemType.BODY_TOO_LARGE);
        assertThat(p.getMessage()).contains("larger than 10 bytes");
    }

    @Test
    void anEndlessBodyStopsAtTheByteCap() {
        InputStream endless = new InputStream() {
            private long n;

            @Override
            public int read() {
                return n++ == 0 ? '[' : (n % 2 == 0 ? '1' : ',');
            }
        };

        ApiProblem p = catchThrowableOfType(
                ApiProblem.class, () -> NumberArrayParser.parse(endless, -1, 100_000, 1_000_000, MAX_DIGITS));

        assertThat(p.type).isEqualTo(ProblemType.BODY_TOO_LARGE);
    }
}
