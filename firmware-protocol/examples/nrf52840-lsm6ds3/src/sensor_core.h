/*
 * Portable core of a gaitd sensor (firmware-protocol/SPEC.md), independent of the RTOS and the
 * BLE stack: IMU counts rescaled to the SPEC's scale and axes, samples packed into IMU Data
 * packets (seq, 32-bit tick from a 24-bit RTC), the Control Point state machine (SPEC § 4.2)
 * and the Status value. main.c wires it to Zephyr's Bluetooth host and the LSM6DS3 driver.
 * No malloc, no globals, no floating point, no libc calls.
 */
#ifndef SENSOR_CORE_H
#define SENSOR_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gaitd_protocol.h"

/* LSM6DS3 / LSM6DS3TR-C sensitivities (datasheet table 3): accel µg per LSB at ±2/4/8/16 g,
 * gyro µdps per LSB at ±125/250/500/1000/2000 dps. Indexed by the SPEC's range codes. */
extern const uint32_t SC_LSM6DS3_ACC_UG_PER_LSB[GP_ACC_RANGE_CODES];
extern const uint32_t SC_LSM6DS3_GYR_UDPS_PER_LSB[GP_GYR_RANGE_CODES];

/* Board axes from chip axes: board[i] = sign[i] * chip[src[i]] (SPEC § 3.3: x, y, z as printed). */
typedef struct {
    uint8_t src[3];
    int8_t sign[3];
} sc_axis_map;

typedef struct {
    gp_status status;          /* location, rate, ranges, flags, battery: what Status reports */
    uint8_t active_version;    /* protocol version of this connection */
    uint8_t supported_mask;    /* bit v: version v implemented */
    uint16_t next_seq;
    uint8_t samples_per_packet;
    gp_packet pending;         /* samples collected for the next packet */
    uint32_t rtc_overflows;    /* 24-bit RTC wraps counted by sc_extend_rtc */
    uint32_t last_rtc24;
} sc_state;

/* What the glue must do after a control write (besides sending the indication). */
typedef struct {
    bool start_imu;     /* configure the IMU for status.rate/ranges and start its FIFO */
    bool stop_imu;
    bool save_location; /* store status.location in flash (SPEC § 4.1: survives power cycles) */
    bool identify;
    uint8_t pattern, repeat, intensity;
} sc_actions;

void sc_init(sc_state *s, uint8_t battery_pct);

/* 32-bit tick from the nRF52 RTC's 24-bit counter; call at least once per 512 s (one wrap). */
uint32_t sc_extend_rtc(sc_state *s, uint32_t rtc24);

/* One chip reading in the SPEC's counts: rescaled from the chip's sensitivity, saturated, remapped. */
void sc_convert(const sc_state *s, const int16_t chip_acc[3], const int16_t chip_gyr[3], const sc_axis_map *map,
                int16_t out[6]);

/* Samples per packet for the negotiated ATT_MTU, capped at 10 so a packet leaves every 100 ms at 100 Hz. */
void sc_set_mtu(sc_state *s, uint16_t att_mtu);

/*
 * Adds one sample taken at `tick` (its 32-bit tick). When a packet is full, encodes it into
 * out (GP_MAX_PACKET_BYTES) and returns its length; 0 otherwise. seq counts every packet,
 * also the ones the glue cannot send (notifications off), so the host sees the loss.
 */
size_t sc_push_sample(sc_state *s, const int16_t sample[6], uint32_t tick, uint8_t *out);

/*
 * Handles a Control Point write (SPEC § 4.2) with the tick latched on arrival. Returns the
 * indication length in out (GP_MAX_CONTROL_BYTES), or 0 when the write must be refused at ATT
 * level (empty write: ATT error 0x0D).
 */
size_t sc_control_write(sc_state *s, const uint8_t *in, size_t len, uint32_t tick_now, uint8_t *out,
                        sc_actions *actions);

/* The Status value (4 bytes) and Protocol Info value (2 bytes). */
size_t sc_status_value(const sc_state *s, uint8_t *out);
size_t sc_protocol_info_value(const sc_state *s, uint8_t *out);

#endif
