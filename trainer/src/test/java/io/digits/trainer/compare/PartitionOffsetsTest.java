package io.digits.trainer.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PartitionOffsetsTest {

    @Test
    void oneOffsetIsForEveryPartition() {
        PartitionOffsets all = PartitionOffsets.parse(" 100 ");
        assertThat(all.named()).isEmpty();
        assertThat(all.offset(0)).isEqualTo(OptionalLong.of(100));
        assertThat(all.offset(17)).isEqualTo(OptionalLong.of(100));
        assertThat(all).hasToString("100");
        assertThat(PartitionOffsets.parse("0").offset(3)).isEqualTo(OptionalLong.of(0));
    }

    @Test
    void pairsNameTheirPartitions() {
        PartitionOffsets pairs = PartitionOffsets.parse("1:250, 0:100");
        assertThat(pairs.named()).contains(Map.of(0, 100L, 1, 250L));
        assertThat(pairs.offset(0)).isEqualTo(OptionalLong.of(100));
        assertThat(pairs.offset(1)).isEqualTo(OptionalLong.of(250));
        assertThat(pairs.offset(2)).isEmpty();
        assertThat(pairs).hasToString("0:100,1:250");
        assertThat(PartitionOffsets.parse("5:9000000000").offset(5)).isEqualTo(OptionalLong.of(9_000_000_000L));
    }

    @Test
    void badSpecsSayWhatIsWrong() {
        assertThatThrownBy(() -> PartitionOffsets.parse("")).hasMessageStartingWith("empty offsets");
        assertThatThrownBy(() -> PartitionOffsets.parse("-1")).hasMessage("offset '-1' in '-1' is not a whole number of 0 or more");
        assertThatThrownBy(() -> PartitionOffsets.parse("abc")).hasMessage("offset 'abc' in 'abc' is not a whole number of 0 or more");
        assertThatThrownBy(() -> PartitionOffsets.parse("0:x")).hasMessage("offset 'x' in '0:x' is not a whole number of 0 or more");
        assertThatThrownBy(() -> PartitionOffsets.parse("a:1")).hasMessage("partition 'a' in 'a:1' is not a whole number of 0 or more");
        assertThatThrownBy(() -> PartitionOffsets.parse("0:1,0:2")).hasMessage("partition 0 appears twice in '0:1,0:2'");
        assertThatThrownBy(() -> PartitionOffsets.parse("0:1,2")).hasMessageStartingWith("'2' in '0:1,2' is not partition:offset");
        assertThatThrownBy(() -> PartitionOffsets.parse("0:1:2")).hasMessageStartingWith("'0:1:2' in '0:1:2' is not partition:offset");
        assertThatThrownBy(() -> PartitionOffsets.parse("0:1,")).hasMessageStartingWith("'' in '0:1,' is not partition:offset");
        assertThatThrownBy(() -> PartitionOffsets.parse("3000000000:1")).hasMessage("partition 3000000000 in '3000000000:1' is too large");
    }
}
