/*
 * gaitd sensor protocol v1: reference encoder and decoder (firmware-protocol/SPEC.md).
 *
 * Dependency-free C99 for nRF52 / ESP32 / any MCU: no malloc, no global state, caller-provided
 * fixed buffers, explicit little-endian byte writes (works on any host byte order). Every
 * decoder validates in the order SPEC.md fixes and returns the first failing check; every
 * encoder checks its fields and never writes past `cap`.
 *
 * License: MIT, like the rest of gaitd. Copy these two files into your project.
 */
#ifndef GAITD_PROTOCOL_H
#define GAITD_PROTOCOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GP_PROTOCOL_VERSION 1u
#define GP_HEADER_BYTES 8u
#define GP_SAMPLE_BYTES 12u
#define GP_MAX_SAMPLES 19u
#define GP_MIN_PACKET_BYTES (GP_HEADER_BYTES + GP_SAMPLE_BYTES)                  /* 20 */
#define GP_MAX_PACKET_BYTES (GP_HEADER_BYTES + GP_MAX_SAMPLES * GP_SAMPLE_BYTES) /* 236 */
#define GP_TICK_HZ 32768u

#define GP_ACC_RANGE_CODES 4u  /* ±2, ±4, ±8, ±16 g */
#define GP_GYR_RANGE_CODES 5u  /* ±125, ±250, ±500, ±1000, ±2000 deg/s */
#define GP_RATE_CODES 4u       /* 50, 100, 200, 400 Hz */

/* Location codes (SPEC § 4.4). */
#define GP_LOCATION_LEFT_SHANK 0u
#define GP_LOCATION_RIGHT_SHANK 1u
#define GP_LOCATION_WAIST 2u
#define GP_LOCATION_LEFT_FOOT 3u
#define GP_LOCATION_RIGHT_FOOT 4u
#define GP_LOCATION_COUNT 5u
#define GP_LOCATION_NOT_SET 0xFFu

#define GP_BATTERY_UNKNOWN 0xFFu

/* Control Point opcodes (SPEC § 4.1). */
#define GP_OP_START_STREAMING 0x01u
#define GP_OP_STOP_STREAMING 0x02u
#define GP_OP_SET_RATE 0x03u
#define GP_OP_SET_ACC_RANGE 0x04u
#define GP_OP_SET_GYR_RANGE 0x05u
#define GP_OP_SET_LOCATION 0x06u
#define GP_OP_TIME_SYNC 0x07u
#define GP_OP_IDENTIFY 0x08u
#define GP_OP_SET_PROTOCOL_VERSION 0x09u
#define GP_RESPONSE_CODE 0x80u

/* Control Point result codes (SPEC § 4.3). */
#define GP_RESULT_SUCCESS 0x01u
#define GP_RESULT_OPCODE_NOT_SUPPORTED 0x02u
#define GP_RESULT_INVALID_PARAMETER 0x03u
#define GP_RESULT_INVALID_LENGTH 0x04u
#define GP_RESULT_NOT_PERMITTED_WHILE_STREAMING 0x05u
#define GP_RESULT_OPERATION_FAILED 0x06u
#define GP_RESULT_VERSION_NOT_SUPPORTED 0x07u

/* Identify patterns (SPEC § 4.5). */
#define GP_PATTERN_STOP 0u
#define GP_PATTERN_IDENTIFY 1u
#define GP_PATTERN_ALERT_SHORT 2u
#define GP_PATTERN_ALERT_DOUBLE 3u
#define GP_PATTERN_ALERT_LONG 4u
#define GP_PATTERN_COUNT 5u

#define GP_STATUS_BYTES 4u
#define GP_PROTOCOL_INFO_BYTES 2u
#define GP_TIME_SYNC_RESPONSE_BYTES 15u
#define GP_PLAIN_RESPONSE_BYTES 3u
#define GP_MAX_CONTROL_BYTES 15u

typedef enum {
    GP_OK = 0,
    /* Decode errors: the same codes as SPEC § 8 (gp_error_name gives the SPEC spelling). */
    GP_ERR_TOO_SHORT,
    GP_ERR_UNSUPPORTED_VERSION,
    GP_ERR_BAD_SAMPLE_COUNT,
    GP_ERR_LENGTH_MISMATCH,
    GP_ERR_RESERVED_GYRO_RANGE,
    GP_ERR_UNKNOWN_OPCODE,
    GP_ERR_BAD_PARAMETER,
    GP_ERR_NOT_A_RESPONSE,
    GP_ERR_UNKNOWN_RESULT,
    GP_ERR_BAD_LOCATION,
    GP_ERR_BAD_BATTERY,
    GP_ERR_BAD_VERSION_INFO,
    /* Encode errors: a programming error in the caller. */
    GP_ERR_BUFFER_TOO_SMALL,
    GP_ERR_INVALID_FIELD
} gp_error;

/* "too-short", "length-mismatch", ... as in SPEC § 8; "ok" for GP_OK. */
const char *gp_error_name(gp_error error);

/* One IMU Data packet (SPEC § 3). */
typedef struct {
    uint8_t version;      /* decode: always 1; encode: ignored, 1 is written */
    uint8_t sample_count; /* 1..19 */
    uint8_t acc_range;    /* 0..3 */
    uint8_t gyr_range;    /* 0..4 */
    uint8_t rate;         /* 0..3 */
    bool fifo_overrun;
    uint16_t seq;
    uint32_t tick;                           /* 32768 Hz, first sample */
    int16_t samples[GP_MAX_SAMPLES][6];      /* ax ay az gx gy gz, already in the SPEC's scale and axes */
} gp_packet;

gp_error gp_encode_packet(const gp_packet *packet, uint8_t *out, size_t cap, size_t *out_len);
gp_error gp_decode_packet(const uint8_t *in, size_t len, gp_packet *packet);

/* Samples per packet for a negotiated ATT_MTU: min(19, (mtu - 3 - 8) / 12), 0 if mtu < 23. */
uint8_t gp_samples_for_mtu(uint16_t att_mtu);

/* A Control Point request. Fields not used by `opcode` are 0. */
typedef struct {
    uint8_t opcode;
    uint8_t code;          /* SET_RATE / SET_ACC_RANGE / SET_GYR_RANGE / SET_LOCATION / SET_PROTOCOL_VERSION value */
    uint64_t host_time_us; /* TIME_SYNC */
    uint8_t pattern;       /* IDENTIFY */
    uint8_t repeat;        /* IDENTIFY, 1..10 */
    uint8_t intensity;     /* IDENTIFY, 0..100 % */
} gp_control_request;

/*
 * Sensor side: decodes a write in the order of SPEC § 4.2. On an error, request->opcode still
 * holds the opcode byte (when there was one) so the sensor can echo it; gp_result_for_error
 * gives the result code to indicate (0: refuse at ATT level instead, for an empty write).
 */
gp_error gp_decode_control_request(const uint8_t *in, size_t len, gp_control_request *request);
gp_error gp_encode_control_request(const gp_control_request *request, uint8_t *out, size_t cap, size_t *out_len);
uint8_t gp_result_for_error(gp_error error);

/* A Control Point indication. host_time_us / sensor_tick only for a successful TIME_SYNC. */
typedef struct {
    uint8_t opcode;
    uint8_t result;
    uint64_t host_time_us;
    uint32_t sensor_tick;
} gp_control_response;

gp_error gp_encode_control_response(const gp_control_response *response, uint8_t *out, size_t cap, size_t *out_len);
gp_error gp_decode_control_response(const uint8_t *in, size_t len, gp_control_response *response);

/* The Status characteristic (SPEC § 5). */
typedef struct {
    uint8_t location;  /* 0..4 or GP_LOCATION_NOT_SET */
    uint8_t rate;
    uint8_t acc_range;
    uint8_t gyr_range;
    bool streaming;
    bool calibrated;
    bool low_battery;
    bool fifo_overrun;
    uint8_t battery;   /* 0..100 or GP_BATTERY_UNKNOWN */
} gp_status;

gp_error gp_encode_status(const gp_status *status, uint8_t *out, size_t cap, size_t *out_len);
gp_error gp_decode_status(const uint8_t *in, size_t len, gp_status *status);

/* The Protocol Info characteristic (SPEC § 6). */
typedef struct {
    uint8_t active_version;
    uint8_t supported_mask; /* bit v set: version v implemented */
} gp_protocol_info;

gp_error gp_encode_protocol_info(const gp_protocol_info *info, uint8_t *out, size_t cap, size_t *out_len);
gp_error gp_decode_protocol_info(const uint8_t *in, size_t len, gp_protocol_info *info);

#ifdef __cplusplus
}
#endif

#endif /* GAITD_PROTOCOL_H */
