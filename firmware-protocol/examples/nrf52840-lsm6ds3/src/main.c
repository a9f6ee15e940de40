/*
 * gaitd sensor firmware for the Seeed Studio XIAO nRF52840 Sense (nRF52840 + on-board
 * LSM6DS3TR-C), Zephyr / nRF Connect SDK. This file is the glue: GATT service, advertising,
 * IMU FIFO → sensor_core → notifications. Everything protocol-related is in sensor_core.c and
 * ../../c/gaitd_protocol.c, which CI cross-compiles; this file needs the Zephyr SDK and is not
 * compiled in CI (see README.md).
 */
#include <zephyr/bluetooth/bluetooth.h>
#include <zephyr/bluetooth/conn.h>
#include <zephyr/bluetooth/gatt.h>
#include <zephyr/bluetooth/services/bas.h>
#include <zephyr/drivers/counter.h>
#include <zephyr/drivers/sensor.h>
#include <zephyr/kernel.h>

#include "sensor_core.h"

#define GAITD_UUID(x) BT_UUID_128_ENCODE(0x3c670000 + (x), 0xb9f8, 0x4279, 0xa222, 0x118c7d699c8e)
static const struct bt_uuid_128 imu_service = BT_UUID_INIT_128(GAITD_UUID(1));
static const struct bt_uuid_128 imu_data = BT_UUID_INIT_128(GAITD_UUID(2));
static const struct bt_uuid_128 control_point = BT_UUID_INIT_128(GAITD_UUID(3));
static const struct bt_uuid_128 status_chr = BT_UUID_INIT_128(GAITD_UUID(4));
static const struct bt_uuid_128 protocol_info = BT_UUID_INIT_128(GAITD_UUID(5));

/* The LSM6DS3TR-C is mounted with its x/y swapped against the XIAO's printed axes (check yours). */
static const sc_axis_map board_axes = {{1, 0, 2}, {-1, 1, 1}};

static sc_state core;
static struct bt_conn *current;
static bool data_notify, cp_indicate;
static const struct device *const imu = DEVICE_DT_GET_ONE(st_lsm6dsl);
static const struct device *const rtc = DEVICE_DT_GET(DT_NODELABEL(rtc2));
static struct bt_gatt_indicate_params indicate_params;
static uint8_t indication[GP_MAX_CONTROL_BYTES];

static uint32_t tick_now(void) {
    uint32_t ticks = 0;
    counter_get_value(rtc, &ticks);
    return sc_extend_rtc(&core, ticks);
}

static ssize_t read_status(struct bt_conn *conn, const struct bt_gatt_attr *attr, void *buf, uint16_t len,
                           uint16_t offset) {
    uint8_t value[GP_STATUS_BYTES];
    return bt_gatt_attr_read(conn, attr, buf, len, offset, value, sc_status_value(&core, value));
}

static ssize_t read_info(struct bt_conn *conn, const struct bt_gatt_attr *attr, void *buf, uint16_t len,
                         uint16_t offset) {
    uint8_t value[GP_PROTOCOL_INFO_BYTES];
    return bt_gatt_attr_read(conn, attr, buf, len, offset, value, sc_protocol_info_value(&core, value));
}

static void apply(const sc_actions *a);

static ssize_t write_control(struct bt_conn *conn, const struct bt_gatt_attr *attr, const void *buf, uint16_t len,
                             uint16_t offset, uint8_t flags) {
    sc_actions actions;
    size_t n;
    if (!cp_indicate) return BT_GATT_ERR(BT_ATT_ERR_CCC_IMPROPER_CONF); /* SPEC § 4: 0xFD */
    n = sc_control_write(&core, buf, len, tick_now(), indication, &actions);
    if (n == 0u) return BT_GATT_ERR(BT_ATT_ERR_INVALID_ATTRIBUTE_LEN); /* empty write: 0x0D */
    indicate_params.attr = attr;
    indicate_params.data = indication;
    indicate_params.len = (uint16_t)n;
    if (bt_gatt_indicate(conn, &indicate_params) == -EBUSY) return BT_GATT_ERR(0xFE); /* one procedure at a time */
    apply(&actions);
    return len;
}

static void data_ccc(const struct bt_gatt_attr *attr, uint16_t value) { data_notify = value == BT_GATT_CCC_NOTIFY; }
static void cp_ccc(const struct bt_gatt_attr *attr, uint16_t value) { cp_indicate = value == BT_GATT_CCC_INDICATE; }
static void status_ccc(const struct bt_gatt_attr *attr, uint16_t value) {}

BT_GATT_SERVICE_DEFINE(gaitd_svc, BT_GATT_PRIMARY_SERVICE(&imu_service),
                       BT_GATT_CHARACTERISTIC(&imu_data.uuid, BT_GATT_CHRC_NOTIFY, BT_GATT_PERM_NONE, NULL, NULL, NULL),
                       BT_GATT_CCC(data_ccc, BT_GATT_PERM_READ | BT_GATT_PERM_WRITE),
                       BT_GATT_CHARACTERISTIC(&control_point.uuid, BT_GATT_CHRC_WRITE | BT_GATT_CHRC_INDICATE,
                                              BT_GATT_PERM_WRITE, NULL, write_control, NULL),
                       BT_GATT_CCC(cp_ccc, BT_GATT_PERM_READ | BT_GATT_PERM_WRITE),
                       BT_GATT_CHARACTERISTIC(&status_chr.uuid, BT_GATT_CHRC_READ | BT_GATT_CHRC_NOTIFY,
                                              BT_GATT_PERM_READ, read_status, NULL, NULL),
                       BT_GATT_CCC(status_ccc, BT_GATT_PERM_READ | BT_GATT_PERM_WRITE),
                       BT_GATT_CHARACTERISTIC(&protocol_info.uuid, BT_GATT_CHRC_READ, BT_GATT_PERM_READ, read_info,
                                              NULL, NULL));

static void apply(const sc_actions *a) {
    static const int32_t hz[] = {50, 100, 200, 400};
    static const int32_t g[] = {2, 4, 8, 16};
    static const int32_t dps[] = {125, 250, 500, 1000, 2000};
    if (a->start_imu) {
        struct sensor_value odr = {hz[core.status.rate], 0}, acc = {0}, gyr = {dps[core.status.gyr_range], 0};
        sensor_g_to_ms2(g[core.status.acc_range], &acc);
        sensor_attr_set(imu, SENSOR_CHAN_ACCEL_XYZ, SENSOR_ATTR_SAMPLING_FREQUENCY, &odr);
        sensor_attr_set(imu, SENSOR_CHAN_GYRO_XYZ, SENSOR_ATTR_SAMPLING_FREQUENCY, &odr);
        sensor_attr_set(imu, SENSOR_CHAN_ACCEL_XYZ, SENSOR_ATTR_FULL_SCALE, &acc);
        sensor_attr_set(imu, SENSOR_CHAN_GYRO_XYZ, SENSOR_ATTR_FULL_SCALE, &gyr);
    }
    /* IDENTIFY: blink the user LED (the XIAO has no vibration motor; SPEC § 4.5 allows LED only). */
}

static void connected(struct bt_conn *conn, uint8_t err) {
    if (err == 0u) current = bt_conn_ref(conn);
}

static void disconnected(struct bt_conn *conn, uint8_t reason) {
    sc_actions a = {0};
    core.status.streaming = false; /* SPEC § 2.2: stop streaming when the link drops */
    a.stop_imu = true;
    apply(&a);
    if (current) bt_conn_unref(current);
    current = NULL;
}

static void mtu_updated(struct bt_conn *conn, uint16_t tx, uint16_t rx) { sc_set_mtu(&core, tx < rx ? tx : rx); }

BT_CONN_CB_DEFINE(conn_cb) = {.connected = connected, .disconnected = disconnected};
static struct bt_gatt_cb gatt_cb = {.att_mtu_updated = mtu_updated};

static const struct bt_data ad[] = {
    BT_DATA_BYTES(BT_DATA_FLAGS, (BT_LE_AD_GENERAL | BT_LE_AD_NO_BREDR)),
    BT_DATA_BYTES(BT_DATA_UUID128_ALL, GAITD_UUID(1)),
};
static const struct bt_data sd[] = {BT_DATA(BT_DATA_NAME_COMPLETE, CONFIG_BT_DEVICE_NAME, sizeof(CONFIG_BT_DEVICE_NAME) - 1)};

int main(void) {
    sc_init(&core, bt_bas_get_battery_level());
    counter_start(rtc);
    bt_enable(NULL);
    bt_gatt_cb_register(&gatt_cb);
    bt_le_adv_start(BT_LE_ADV_CONN, ad, ARRAY_SIZE(ad), sd, ARRAY_SIZE(sd));
    for (;;) {
        /* Polling at the configured rate keeps the example short; production firmware reads the
         * IMU FIFO on its watermark interrupt and back-dates the tick by the FIFO depth (SPEC § 3). */
        struct sensor_value a[3], w[3];
        int16_t chip_acc[3], chip_gyr[3], sample[6];
        uint8_t packet[GP_MAX_PACKET_BYTES];
        size_t n;
        k_sleep(K_USEC(1000000 / (50 << core.status.rate)));
        if (!core.status.streaming) continue;
        uint32_t tick = tick_now();
        sensor_sample_fetch(imu);
        sensor_channel_get(imu, SENSOR_CHAN_ACCEL_XYZ, a);
        sensor_channel_get(imu, SENSOR_CHAN_GYRO_XYZ, w);
        for (int i = 0; i < 3; i++) {
            /* Back to the chip's counts from the driver's SI values, so sensor_core does one rescale. */
            chip_acc[i] = (int16_t)(sensor_ms2_to_ug(&a[i]) / (int32_t)SC_LSM6DS3_ACC_UG_PER_LSB[core.status.acc_range]);
            chip_gyr[i] = (int16_t)(sensor_rad_to_10udegrees(&w[i]) * 10 / (int32_t)SC_LSM6DS3_GYR_UDPS_PER_LSB[core.status.gyr_range]);
        }
        sc_convert(&core, chip_acc, chip_gyr, &board_axes, sample);
        n = sc_push_sample(&core, sample, tick, packet);
        if (n > 0u && data_notify && current) bt_gatt_notify(current, &gaitd_svc.attrs[1], packet, (uint16_t)n);
    }
}
