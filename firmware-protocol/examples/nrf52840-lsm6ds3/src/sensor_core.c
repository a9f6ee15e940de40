#include "sensor_core.h"

const uint32_t SC_LSM6DS3_ACC_UG_PER_LSB[GP_ACC_RANGE_CODES] = {61u, 122u, 244u, 488u};
const uint32_t SC_LSM6DS3_GYR_UDPS_PER_LSB[GP_GYR_RANGE_CODES] = {4375u, 8750u, 17500u, 35000u, 70000u};

static const uint32_t ACC_RANGE_G[GP_ACC_RANGE_CODES] = {2u, 4u, 8u, 16u};
static const uint32_t GYR_RANGE_DPS[GP_GYR_RANGE_CODES] = {125u, 250u, 500u, 1000u, 2000u};

void sc_init(sc_state *s, uint8_t battery_pct) {
    gp_packet empty = {0};
    s->status.location = GP_LOCATION_NOT_SET;
    s->status.rate = 1u;
    s->status.acc_range = 2u;
    s->status.gyr_range = 4u;
    s->status.streaming = false;
    s->status.calibrated = false;
    s->status.low_battery = battery_pct <= 15u;
    s->status.fifo_overrun = false;
    s->status.battery = battery_pct;
    s->active_version = GP_PROTOCOL_VERSION;
    s->supported_mask = (uint8_t)(1u << GP_PROTOCOL_VERSION);
    s->next_seq = 0u;
    s->samples_per_packet = 1u;
    s->pending = empty;
    s->rtc_overflows = 0u;
    s->last_rtc24 = 0u;
}

uint32_t sc_extend_rtc(sc_state *s, uint32_t rtc24) {
    rtc24 &= 0xFFFFFFu;
    if (rtc24 < s->last_rtc24) s->rtc_overflows++;
    s->last_rtc24 = rtc24;
    return (s->rtc_overflows << 24) | rtc24; /* wraps at 2^32 as SPEC § 3 says */
}

/* raw × (native units per LSB) → counts of ±full scale, rounded half away from zero, saturated. */
static int16_t rescale(int16_t raw, uint32_t native_per_lsb, uint32_t full_scale_native) {
    int64_t num = (int64_t)raw * (int64_t)native_per_lsb * 32768;
    int64_t den = (int64_t)full_scale_native;
    int64_t q = (num >= 0 ? num + den / 2 : num - den / 2) / den;
    if (q > 32767) return 32767;
    if (q < -32768) return -32768;
    return (int16_t)q;
}

void sc_convert(const sc_state *s, const int16_t chip_acc[3], const int16_t chip_gyr[3], const sc_axis_map *map,
                int16_t out[6]) {
    uint32_t acc_fs_ug = ACC_RANGE_G[s->status.acc_range] * 1000000u;
    uint32_t gyr_fs_udps = GYR_RANGE_DPS[s->status.gyr_range] * 1000000u;
    for (unsigned i = 0; i < 3u; i++) {
        int16_t a = rescale(chip_acc[map->src[i]], SC_LSM6DS3_ACC_UG_PER_LSB[s->status.acc_range], acc_fs_ug);
        int16_t g = rescale(chip_gyr[map->src[i]], SC_LSM6DS3_GYR_UDPS_PER_LSB[s->status.gyr_range], gyr_fs_udps);
        /* -(-32768) does not fit: saturate the flip. */
        out[i] = map->sign[i] < 0 ? (a == -32768 ? 32767 : (int16_t)-a) : a;
        out[3u + i] = map->sign[i] < 0 ? (g == -32768 ? 32767 : (int16_t)-g) : g;
    }
}

void sc_set_mtu(sc_state *s, uint16_t att_mtu) {
    uint8_t n = gp_samples_for_mtu(att_mtu);
    s->samples_per_packet = n == 0u ? 1u : (n > 10u ? 10u : n);
}

size_t sc_push_sample(sc_state *s, const int16_t sample[6], uint32_t tick, uint8_t *out) {
    gp_packet *p = &s->pending;
    size_t len = 0;
    if (!s->status.streaming) return 0;
    if (p->sample_count == 0u) p->tick = tick;
    for (unsigned k = 0; k < 6u; k++) p->samples[p->sample_count][k] = sample[k];
    p->sample_count++;
    if (p->sample_count < s->samples_per_packet) return 0;
    p->acc_range = s->status.acc_range;
    p->gyr_range = s->status.gyr_range;
    p->rate = s->status.rate;
    p->seq = s->next_seq++;
    p->fifo_overrun = false;
    if (gp_encode_packet(p, out, GP_MAX_PACKET_BYTES, &len) != GP_OK) len = 0;
    p->sample_count = 0u;
    return len;
}

static bool is_configuration(uint8_t opcode) {
    return opcode == GP_OP_SET_RATE || opcode == GP_OP_SET_ACC_RANGE || opcode == GP_OP_SET_GYR_RANGE ||
           opcode == GP_OP_SET_LOCATION;
}

size_t sc_control_write(sc_state *s, const uint8_t *in, size_t len, uint32_t tick_now, uint8_t *out,
                        sc_actions *actions) {
    gp_control_request req = {0};
    gp_control_response res = {0};
    size_t out_len = 0;
    sc_actions none = {0};
    gp_error e;
    *actions = none;
    if (len == 0u) return 0; /* ATT 0x0D, no indication */
    e = gp_decode_control_request(in, len, &req);
    res.opcode = req.opcode;
    if (e != GP_OK) {
        res.result = gp_result_for_error(e);
    } else if (s->status.streaming && is_configuration(req.opcode)) {
        res.result = GP_RESULT_NOT_PERMITTED_WHILE_STREAMING;
    } else if (req.opcode == GP_OP_SET_PROTOCOL_VERSION && (s->supported_mask & (1u << req.code)) == 0u) {
        res.result = GP_RESULT_VERSION_NOT_SUPPORTED;
    } else {
        res.result = GP_RESULT_SUCCESS;
        switch (req.opcode) {
        case GP_OP_START_STREAMING:
            if (!s->status.streaming) {
                s->status.streaming = true;
                s->status.fifo_overrun = false;
                s->next_seq = 0u;
                s->pending.sample_count = 0u;
                actions->start_imu = true;
            }
            break;
        case GP_OP_STOP_STREAMING:
            s->status.streaming = false;
            actions->stop_imu = true;
            break;
        case GP_OP_SET_RATE: s->status.rate = req.code; break;
        case GP_OP_SET_ACC_RANGE: s->status.acc_range = req.code; break;
        case GP_OP_SET_GYR_RANGE: s->status.gyr_range = req.code; break;
        case GP_OP_SET_LOCATION:
            s->status.location = req.code;
            actions->save_location = true;
            break;
        case GP_OP_TIME_SYNC:
            res.host_time_us = req.host_time_us;
            res.sensor_tick = tick_now;
            break;
        case GP_OP_IDENTIFY:
            actions->identify = true;
            actions->pattern = req.pattern;
            actions->repeat = req.repeat;
            actions->intensity = req.intensity;
            break;
        case GP_OP_SET_PROTOCOL_VERSION: s->active_version = req.code; break;
        default: res.result = GP_RESULT_OPCODE_NOT_SUPPORTED; break;
        }
    }
    if (gp_encode_control_response(&res, out, GP_MAX_CONTROL_BYTES, &out_len) != GP_OK) return 0;
    return out_len;
}

size_t sc_status_value(const sc_state *s, uint8_t *out) {
    size_t len = 0;
    return gp_encode_status(&s->status, out, GP_STATUS_BYTES, &len) == GP_OK ? len : 0u;
}

size_t sc_protocol_info_value(const sc_state *s, uint8_t *out) {
    gp_protocol_info info;
    size_t len = 0;
    info.active_version = s->active_version;
    info.supported_mask = s->supported_mask;
    return gp_encode_protocol_info(&info, out, GP_PROTOCOL_INFO_BYTES, &len) == GP_OK ? len : 0u;
}
