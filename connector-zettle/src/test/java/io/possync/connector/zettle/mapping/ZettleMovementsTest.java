package io.possync.connector.zettle.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.possync.connector.zettle.client.ZettleInventory;
import io.possync.connector.zettle.client.ZettleMovementRequest;
import io.possync.connector.zettle.client.ZettleMovementRequest.Movement;
import io.possync.schemas.avro.AdjustStock;
import io.possync.schemas.avro.StockChangeReason;

class ZettleMovementsTest {

    private static final String COMMAND_ID = "6f1c2a4e-8d1b-4b5e-9a51-3c2d0e7f9a10";
    private final ZettleVariantRef variant = new ZettleVariantRef("p-1", "v-1");
    private final ZettleInventories inventories = ZettleInventories.from(List.of(
            new ZettleInventory("inv-supplier", "SUPPLIER"), new ZettleInventory("inv-store", "STORE"),
            new ZettleInventory("inv-sold", "SOLD"), new ZettleInventory("inv-bin", "BIN")));

    @Test
    void decreaseMovesStoreToSoldByTheAbsoluteDelta() {
        ZettleMovementRequest request = ZettleMovements.forAdjustment(COMMAND_ID, adjust(-3), variant, inventories);

        assertThat(request.identifier()).isEqualTo(COMMAND_ID);
        assertThat(request.movements()).containsExactly(new Movement("p-1", "v-1", "inv-store", "inv-sold", 3));
    }

    @Test
    void increaseMovesSoldBackToStore() {
        ZettleMovementRequest request = ZettleMovements.forAdjustment(COMMAND_ID, adjust(2), variant, inventories);

        assertThat(request.movements()).containsExactly(new Movement("p-1", "v-1", "inv-sold", "inv-store", 2));
    }

    @Test
    void zeroDeltaIsRefused() {
        assertThatThrownBy(() -> ZettleMovements.forAdjustment(COMMAND_ID, adjust(0), variant, inventories))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void organizationWithoutSoldInventoryCannotTakeMovements() {
        assertThatThrownBy(() -> ZettleInventories.from(List.of(new ZettleInventory("inv-store", "STORE"))))
                .hasMessageContaining("no SOLD inventory");
    }

    private static AdjustStock adjust(int delta) {
        return AdjustStock.newBuilder().setSku("SKU-1").setDelta(delta).setReason(StockChangeReason.ORDER_TRANSFER)
                .build();
    }
}
