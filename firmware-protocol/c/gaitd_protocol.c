/* gaitd sensor protocol v1: reference encoder and decoder. See gaitd_protocol.h and SPEC.md. */
#include "gaitd_protocol.h"

static const uint8_t request_bytes[10] = {
    0u, /* 0x00 undefined */
    1u, /* START_STREAMING */
    1u, /* STOP_STREAMING */
    2u, /* SET_RATE */
    2u, /* SET_ACC_RANGE */
    2u, /* SET_GYR_RANGE */
    2u, /* SET_LOCATION */
    9u, /* TIME_SYNC */
    4u, /* IDENTIFY */
    2u, /* SET_PROTOCOL_VERSION */
};

/* Host times must be exact in a JavaScript number (SPEC § 4.1). */
#define GP_HOST_TIME_LIMIT (((uint64_t)1u) << 53)

const char *gp_error_name(gp_error error) {
    switch (error) {
    case GP_OK: return "ok";
    case GP_ERR_TOO_SHORT: return "too-short";
    case GP_ERR_UNSUPPORTED_VERSION: return "unsupported-version";
    case GP_ERR_BAD_SAMPLE_COUNT: return "bad-sample-count";
    case GP_ERR_LENGTH_MISMATCH: return "length-mismatch";
    case GP_ERR_RESERVED_GYRO_RANGE: return "reserved-gyro-range";
    case GP_ERR_UNKNOWN_OPCODE: return "unknown-opcode";
    case GP_ERR_BAD_PARAMETER: return "bad-parameter";
    case GP_ERR_NOT_A_RESPONSE: return "not-a-response";
    case GP_ERR_UNKNOWN_RESULT: return "unknown-result";
    case GP_ERR_BAD_LOCATION: return "bad-location";
    case GP_ERR_BAD_BATTERY: return "bad-battery";
    case GP_ERR_BAD_VERSION_INFO: return "bad-version-info";
    case GP_ERR_BUFFER_TOO_SMALL: return "buffer-too-small";
    case GP_ERR_INVALID_FIELD: return "invalid-field";
    }
    return "unknown-error";
}

static void put_u16(uint8_t *p, uint16_t v) {
    p[0] = (uint8_t)(v & 0xFFu);
    p[1] = (uint8_t)(v >> 8);
}

static void put_u32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)(v & 0xFFu);
    p[1] = (uint8_t)((v >> 8) & 0xFFu);
    p[2] = (uint8_t)((v >> 16) & 0xFFu);
    p[3] = (uint8_t)(v >> 24);
}

static void put_u64(uint8_t *p, uint64_t v) {
    put_u32(p, (uint32_t)(v & 0xFFFFFFFFu));
    put_u32(p + 4, (uint32_t)(v >> 32));
}

static uint16_t get_u16(const uint8_t *p) {
    return (uint16_t)((uint16_t)p[0] | (uint16_t)((uint16_t)p[1] << 8));
}

static uint32_t get_u32(const uint8_t *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static uint64_t get_u64(const uint8_t *p) {
    return (uint64_t)get_u32(p) | ((uint64_t)get_u32(p + 4) << 32);
}

/* Two's complement without relying on implementation-defined unsigned → signed conversion. */
static int16_t get_i16(const uint8_t *p) {
    uint16_t u = get_u16(p);
    return u >= 0x8000u ? (int16_t)((int32_t)u - 65536) : (int16_t)u;
}

static void put_i16(uint8_t *p, int16_t v) {
    put_u16(p, (uint16_t)(v < 0 ? (uint16_t)((int32_t)v + 65536) : (uint16_t)v));
}

uint8_t gp_samples_for_mtu(uint16_t att_mtu) {
    size_t payload, n;
    if (att_mtu < 23u) return 0u;
    payload = (size_t)att_mtu - 3u;
    n = (payload - GP_HEADER_BYTES) / GP_SAMPLE_BYTES;
    return (uint8_t)(n > GP_MAX_SAMPLES ? GP_MAX_SAMPLES : n);
}

gp_error gp_encode_packet(const gp_packet *packet, uint8_t *out, size_t cap, size_t *out_len) {
    size_t len, i, k;
    uint8_t *p;
    if (packet->sample_count < 1u || packet->sample_count > GP_MAX_SAMPLES) return GP_ERR_INVALID_FIELD;
    if (packet->acc_range >= GP_ACC_RANGE_CODES || packet->gyr_range >= GP_GYR_RANGE_CODES ||
        packet->rate >= GP_RATE_CODES) {
        return GP_ERR_INVALID_FIELD;
    }
    len = GP_HEADER_BYTES + (size_t)packet->sample_count * GP_SAMPLE_BYTES;
    if (cap < len) return GP_ERR_BUFFER_TOO_SMALL;
    out[0] = (uint8_t)((GP_PROTOCOL_VERSION << 5) | packet->sample_count);
    out[1] = (uint8_t)(packet->acc_range | (packet->gyr_range << 2) | (packet->rate << 5) |
                       (packet->fifo_overrun ? 0x80u : 0u));
    put_u16(out + 2, packet->seq);
    put_u32(out + 4, packet->tick);
    p = out + GP_HEADER_BYTES;
    for (i = 0; i < packet->sample_count; i++) {
        for (k = 0; k < 6u; k++, p += 2) put_i16(p, packet->samples[i][k]);
    }
    *out_len = len;
    return GP_OK;
}

gp_error gp_decode_packet(const uint8_t *in, size_t len, gp_packet *packet) {
    uint8_t n, gyr;
    size_t i, k;
    const uint8_t *p;
    /* Order fixed by SPEC § 3.5: the version before the length, a later version may be shorter. */
    if (len < 1u) return GP_ERR_TOO_SHORT;
    if ((in[0] >> 5) != GP_PROTOCOL_VERSION) return GP_ERR_UNSUPPORTED_VERSION;
    if (len < GP_MIN_PACKET_BYTES) return GP_ERR_TOO_SHORT;
    n = (uint8_t)(in[0] & 0x1Fu);
    if (n < 1u || n > GP_MAX_SAMPLES) return GP_ERR_BAD_SAMPLE_COUNT;
    if (len != GP_HEADER_BYTES + (size_t)n * GP_SAMPLE_BYTES) return GP_ERR_LENGTH_MISMATCH;
    gyr = (uint8_t)((in[1] >> 2) & 0x07u);
    if (gyr >= GP_GYR_RANGE_CODES) return GP_ERR_RESERVED_GYRO_RANGE;
    packet->version = GP_PROTOCOL_VERSION;
    packet->sample_count = n;
    packet->acc_range = (uint8_t)(in[1] & 0x03u);
    packet->gyr_range = gyr;
    packet->rate = (uint8_t)((in[1] >> 5) & 0x03u);
    packet->fifo_overrun = (in[1] & 0x80u) != 0u;
    packet->seq = get_u16(in + 2);
    packet->tick = get_u32(in + 4);
    p = in + GP_HEADER_BYTES;
    for (i = 0; i < n; i++) {
        for (k = 0; k < 6u; k++, p += 2) packet->samples[i][k] = get_i16(p);
    }
    return GP_OK;
}

/* Range check of a request's parameters (SPEC § 4.1), shared by the encoder and the decoder. */
static gp_error check_request(const gp_control_request *r) {
    switch (r->opcode) {
    case GP_OP_START_STREAMING:
    case GP_OP_STOP_STREAMING: return GP_OK;
    case GP_OP_SET_RATE: return r->code < GP_RATE_CODES ? GP_OK : GP_ERR_BAD_PARAMETER;
    case GP_OP_SET_ACC_RANGE: return r->code < GP_ACC_RANGE_CODES ? GP_OK : GP_ERR_BAD_PARAMETER;
    case GP_OP_SET_GYR_RANGE: return r->code < GP_GYR_RANGE_CODES ? GP_OK : GP_ERR_BAD_PARAMETER;
    case GP_OP_SET_LOCATION:
        return (r->code < GP_LOCATION_COUNT || r->code == GP_LOCATION_NOT_SET) ? GP_OK : GP_ERR_BAD_PARAMETER;
    case GP_OP_TIME_SYNC: return r->host_time_us < GP_HOST_TIME_LIMIT ? GP_OK : GP_ERR_BAD_PARAMETER;
    case GP_OP_IDENTIFY:
        return (r->pattern < GP_PATTERN_COUNT && r->repeat >= 1u && r->repeat <= 10u && r->intensity <= 100u)
                   ? GP_OK
                   : GP_ERR_BAD_PARAMETER;
    case GP_OP_SET_PROTOCOL_VERSION: return (r->code >= 1u && r->code <= 7u) ? GP_OK : GP_ERR_BAD_PARAMETER;
    default: return GP_ERR_UNKNOWN_OPCODE;
    }
}

static size_t request_length(uint8_t opcode) {
    return opcode < sizeof request_bytes ? request_bytes[opcode] : 0u;
}

gp_error gp_decode_control_request(const uint8_t *in, size_t len, gp_control_request *request) {
    size_t expected;
    request->opcode = 0u;
    request->code = 0u;
    request->host_time_us = 0u;
    request->pattern = 0u;
    request->repeat = 0u;
    request->intensity = 0u;
    if (len < 1u) return GP_ERR_TOO_SHORT;
    request->opcode = in[0];
    expected = request_length(in[0]);
    if (expected == 0u) return GP_ERR_UNKNOWN_OPCODE;
    if (len != expected) return GP_ERR_LENGTH_MISMATCH;
    switch (in[0]) {
    case GP_OP_TIME_SYNC: request->host_time_us = get_u64(in + 1); break;
    case GP_OP_IDENTIFY:
        request->pattern = in[1];
        request->repeat = in[2];
        request->intensity = in[3];
        break;
    case GP_OP_START_STREAMING:
    case GP_OP_STOP_STREAMING: break;
    default: request->code = in[1]; break;
    }
    return check_request(request);
}

gp_error gp_encode_control_request(const gp_control_request *request, uint8_t *out, size_t cap, size_t *out_len) {
    size_t len = request_length(request->opcode);
    if (len == 0u || check_request(request) != GP_OK) return GP_ERR_INVALID_FIELD;
    if (cap < len) return GP_ERR_BUFFER_TOO_SMALL;
    out[0] = request->opcode;
    switch (request->opcode) {
    case GP_OP_TIME_SYNC: put_u64(out + 1, request->host_time_us); break;
    case GP_OP_IDENTIFY:
        out[1] = request->pattern;
        out[2] = request->repeat;
        out[3] = request->intensity;
        break;
    case GP_OP_START_STREAMING:
    case GP_OP_STOP_STREAMING: break;
    default: out[1] = request->code; break;
    }
    *out_len = len;
    return GP_OK;
}

uint8_t gp_result_for_error(gp_error error) {
    switch (error) {
    case GP_OK: return GP_RESULT_SUCCESS;
    case GP_ERR_UNKNOWN_OPCODE: return GP_RESULT_OPCODE_NOT_SUPPORTED;
    case GP_ERR_LENGTH_MISMATCH: return GP_RESULT_INVALID_LENGTH;
    case GP_ERR_BAD_PARAMETER: return GP_RESULT_INVALID_PARAMETER;
    default: return 0u; /* empty write: ATT error 0x0D, no indication */
    }
}

static bool is_time_sync_success(uint8_t opcode, uint8_t result) {
    return opcode == GP_OP_TIME_SYNC && result == GP_RESULT_SUCCESS;
}

gp_error gp_encode_control_response(const gp_control_response *response, uint8_t *out, size_t cap, size_t *out_len) {
    size_t len;
    if (response->result < GP_RESULT_SUCCESS || response->result > GP_RESULT_VERSION_NOT_SUPPORTED) {
        return GP_ERR_INVALID_FIELD;
    }
    len = is_time_sync_success(response->opcode, response->result) ? GP_TIME_SYNC_RESPONSE_BYTES
                                                                    : GP_PLAIN_RESPONSE_BYTES;
    if (len == GP_TIME_SYNC_RESPONSE_BYTES && response->host_time_us >= GP_HOST_TIME_LIMIT) return GP_ERR_INVALID_FIELD;
    if (cap < len) return GP_ERR_BUFFER_TOO_SMALL;
    out[0] = GP_RESPONSE_CODE;
    out[1] = response->opcode;
    out[2] = response->result;
    if (len == GP_TIME_SYNC_RESPONSE_BYTES) {
        put_u64(out + 3, response->host_time_us);
        put_u32(out + 11, response->sensor_tick);
    }
    *out_len = len;
    return GP_OK;
}

gp_error gp_decode_control_response(const uint8_t *in, size_t len, gp_control_response *response) {
    size_t expected;
    response->opcode = 0u;
    response->result = 0u;
    response->host_time_us = 0u;
    response->sensor_tick = 0u;
    /* Order fixed by SPEC § 8. */
    if (len < 1u) return GP_ERR_TOO_SHORT;
    if (in[0] != GP_RESPONSE_CODE) return GP_ERR_NOT_A_RESPONSE;
    if (len < GP_PLAIN_RESPONSE_BYTES) return GP_ERR_TOO_SHORT;
    response->opcode = in[1];
    response->result = in[2];
    if (in[2] < GP_RESULT_SUCCESS || in[2] > GP_RESULT_VERSION_NOT_SUPPORTED) return GP_ERR_UNKNOWN_RESULT;
    if (request_length(in[1]) == 0u && in[2] != GP_RESULT_OPCODE_NOT_SUPPORTED) return GP_ERR_UNKNOWN_OPCODE;
    expected = is_time_sync_success(in[1], in[2]) ? GP_TIME_SYNC_RESPONSE_BYTES : GP_PLAIN_RESPONSE_BYTES;
    if (len != expected) return GP_ERR_LENGTH_MISMATCH;
    if (expected == GP_TIME_SYNC_RESPONSE_BYTES) {
        response->host_time_us = get_u64(in + 3);
        response->sensor_tick = get_u32(in + 11);
        if (response->host_time_us >= GP_HOST_TIME_LIMIT) return GP_ERR_BAD_PARAMETER;
    }
    return GP_OK;
}

gp_error gp_encode_status(const gp_status *status, uint8_t *out, size_t cap, size_t *out_len) {
    if ((status->location >= GP_LOCATION_COUNT && status->location != GP_LOCATION_NOT_SET) ||
        status->rate >= GP_RATE_CODES || status->acc_range >= GP_ACC_RANGE_CODES ||
        status->gyr_range >= GP_GYR_RANGE_CODES || (status->battery > 100u && status->battery != GP_BATTERY_UNKNOWN)) {
        return GP_ERR_INVALID_FIELD;
    }
    if (cap < GP_STATUS_BYTES) return GP_ERR_BUFFER_TOO_SMALL;
    out[0] = status->location;
    out[1] = (uint8_t)(status->acc_range | (status->gyr_range << 2) | (status->rate << 5));
    out[2] = (uint8_t)((status->streaming ? 0x01u : 0u) | (status->calibrated ? 0x02u : 0u) |
                       (status->low_battery ? 0x04u : 0u) | (status->fifo_overrun ? 0x08u : 0u));
    out[3] = status->battery;
    *out_len = GP_STATUS_BYTES;
    return GP_OK;
}

gp_error gp_decode_status(const uint8_t *in, size_t len, gp_status *status) {
    uint8_t gyr;
    if (len != GP_STATUS_BYTES) return GP_ERR_LENGTH_MISMATCH;
    if (in[0] >= GP_LOCATION_COUNT && in[0] != GP_LOCATION_NOT_SET) return GP_ERR_BAD_LOCATION;
    gyr = (uint8_t)((in[1] >> 2) & 0x07u);
    if (gyr >= GP_GYR_RANGE_CODES) return GP_ERR_RESERVED_GYRO_RANGE;
    if (in[3] > 100u && in[3] != GP_BATTERY_UNKNOWN) return GP_ERR_BAD_BATTERY;
    /* Reserved bits (byte 1 bit 7, byte 2 bits 4..7) are ignored: later flags must not break v1. */
    status->location = in[0];
    status->acc_range = (uint8_t)(in[1] & 0x03u);
    status->gyr_range = gyr;
    status->rate = (uint8_t)((in[1] >> 5) & 0x03u);
    status->streaming = (in[2] & 0x01u) != 0u;
    status->calibrated = (in[2] & 0x02u) != 0u;
    status->low_battery = (in[2] & 0x04u) != 0u;
    status->fifo_overrun = (in[2] & 0x08u) != 0u;
    status->battery = in[3];
    return GP_OK;
}

static bool version_info_valid(uint8_t active, uint8_t mask) {
    return active >= 1u && active <= 7u && (mask & (1u << active)) != 0u && (mask & 1u) == 0u;
}

gp_error gp_encode_protocol_info(const gp_protocol_info *info, uint8_t *out, size_t cap, size_t *out_len) {
    if (!version_info_valid(info->active_version, info->supported_mask)) return GP_ERR_INVALID_FIELD;
    if (cap < GP_PROTOCOL_INFO_BYTES) return GP_ERR_BUFFER_TOO_SMALL;
    out[0] = info->active_version;
    out[1] = info->supported_mask;
    *out_len = GP_PROTOCOL_INFO_BYTES;
    return GP_OK;
}

gp_error gp_decode_protocol_info(const uint8_t *in, size_t len, gp_protocol_info *info) {
    if (len != GP_PROTOCOL_INFO_BYTES) return GP_ERR_LENGTH_MISMATCH;
    if (!version_info_valid(in[0], in[1])) return GP_ERR_BAD_VERSION_INFO;
    info->active_version = in[0];
    info->supported_mask = in[1];
    return GP_OK;
}
