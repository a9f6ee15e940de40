/*
 * Drives the portable core on the host and prints what it would send, one line per event, for
 * tests/sensors/ble/firmware-example.test.ts to check against the TypeScript reference:
 *   control <request hex> <indication hex | - (ATT refusal)> <actions>
 *   convert <chip ax ay az gx gy gz> <counts ax ay az gx gy gz>
 *   packet <hex>
 *   status <hex> / info <hex>
 */
#include <stdio.h>

#include "sensor_core.h"

static void hex(const uint8_t *b, size_t n) {
    if (n == 0u) {
        printf("-");
        return;
    }
    for (size_t i = 0; i < n; i++) printf("%02x", b[i]);
}

static void control(sc_state *s, const uint8_t *req, size_t len, uint32_t tick) {
    uint8_t out[GP_MAX_CONTROL_BYTES];
    sc_actions a;
    size_t n = sc_control_write(s, req, len, tick, out, &a);
    printf("control ");
    hex(req, len);
    printf(" ");
    hex(out, n);
    printf(" start=%d stop=%d save=%d identify=%d/%u/%u/%u\n", a.start_imu, a.stop_imu, a.save_location, a.identify,
           a.pattern, a.repeat, a.intensity);
}

int main(void) {
    sc_state s;
    const sc_axis_map identity = {{0, 1, 2}, {1, 1, 1}};
    const sc_axis_map rotated = {{1, 0, 2}, {-1, 1, 1}}; /* chip mounted 90° about z */
    sc_init(&s, 87);
    sc_set_mtu(&s, 247);

    static const uint8_t set_location[] = {0x06, 0x01};
    static const uint8_t set_rate[] = {0x03, 0x01};
    static const uint8_t set_acc[] = {0x04, 0x03};
    static const uint8_t set_gyr[] = {0x05, 0x04};
    static const uint8_t time_sync[] = {0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, 0x00, 0x00};
    static const uint8_t start[] = {0x01};
    static const uint8_t identify[] = {0x08, 0x03, 0x02, 0x50};
    static const uint8_t unknown[] = {0x42};
    static const uint8_t bad_rate[] = {0x03, 0x07};
    static const uint8_t v2[] = {0x09, 0x02};
    static const uint8_t stop[] = {0x02};
    control(&s, set_location, sizeof set_location, 0);
    control(&s, set_rate, sizeof set_rate, 0);
    control(&s, set_acc, sizeof set_acc, 0);
    control(&s, set_gyr, sizeof set_gyr, 0);
    control(&s, bad_rate, sizeof bad_rate, 0);
    control(&s, v2, sizeof v2, 0);
    control(&s, time_sync, sizeof time_sync, 0x89ABCDEFu);
    control(&s, start, sizeof start, 0);
    control(&s, set_rate, sizeof set_rate, 0); /* refused while streaming */
    control(&s, identify, sizeof identify, 0);
    control(&s, unknown, sizeof unknown, 0);
    control(&s, start, 0, 0); /* empty write: ATT refusal */

    /* LSM6DS3 at ±16 g / ±2000 dps: 1 g ≈ 2049 LSB, 100 dps ≈ 1429 LSB; extremes saturate. */
    static const int16_t chips[][6] = {
        {0, 0, 2049, 0, 0, 1429}, {-32768, 32767, -1, 32767, -32768, 1}, {1000, -2000, 3000, -400, 500, -600}};
    for (unsigned i = 0; i < 3u; i++) {
        int16_t out[6];
        const sc_axis_map *map = i == 2u ? &rotated : &identity;
        sc_convert(&s, &chips[i][0], &chips[i][3], map, out);
        printf("convert %s %d %d %d %d %d %d %d %d %d %d %d %d\n", i == 2u ? "rotated" : "identity", chips[i][0],
               chips[i][1], chips[i][2], chips[i][3], chips[i][4], chips[i][5], out[0], out[1], out[2], out[3], out[4],
               out[5]);
    }

    /* 25 samples at 100 Hz across the 24-bit RTC wrap: packets of 10, seq 0, 1. */
    uint32_t rtc24 = 0xFFFFFFu - 1000u;
    for (unsigned k = 0; k < 25u; k++) {
        uint8_t packet[GP_MAX_PACKET_BYTES];
        int16_t sample[6] = {(int16_t)k, (int16_t)(-(int)k), 2048, (int16_t)(10 * k), 0, -1};
        uint32_t tick = sc_extend_rtc(&s, (rtc24 + (k * 32768u) / 100u) & 0xFFFFFFu);
        size_t n = sc_push_sample(&s, sample, tick, packet);
        if (n > 0u) {
            printf("packet ");
            hex(packet, n);
            printf("\n");
        }
    }
    control(&s, stop, sizeof stop, 0);

    uint8_t value[GP_STATUS_BYTES];
    size_t n = sc_status_value(&s, value);
    printf("status ");
    hex(value, n);
    printf("\ninfo ");
    n = sc_protocol_info_value(&s, value);
    hex(value, n);
    printf("\n");
    return 0;
}
