package io.onex.handler.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.EnvelopeValidationException;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * Numbers bound as SQL parameters: the envelope reader refuses numbers too long to write out, and
 * the conversion refuses them again for payloads built in-process, before the driver expands them.
 */
class SqlValuesNumbersTest {

    @Test
    void aNumberWithAThousandDigitsEitherSideIsBoundAsIs() {
        BigDecimal wide = new BigDecimal("1e999");
        assertThat(SqlValues.toSql(wide, 1, "db.query")).isEqualTo(wide);
        assertThat(SqlValues.toSql(new BigInteger("9".repeat(1000)), 2, "db.query"))
                .isEqualTo(new BigDecimal("9".repeat(1000)));
    }

    @Test
    void aNumberBeyondThatIsAValidationErrorNamingTheParameter() {
        for (BigDecimal number : new BigDecimal[] {new BigDecimal("1e999999999"), new BigDecimal("1e-999999999")}) {
            assertThatThrownBy(() -> SqlValues.toSql(number, 3, "db.query"))
                    .isInstanceOf(EnvelopeValidationException.class)
                    .hasMessage("db.query: parameter $3 has more than 1000 digits before or after the decimal point");
        }
    }
}
