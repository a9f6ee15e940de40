/*
 * Host test of the C reference codec against the shared test vectors.
 *
 *   cc -std=c99 -Wall -Wextra -Werror -o test_vectors test_vectors.c gaitd_protocol.c
 *   ./test_vectors ../vectors/vectors.txt
 *
 * vectors.txt has one vector per line: `kind name hex ok key=value...` or
 * `kind name hex error code` (hex "-" when empty). For an `ok` vector the decoded fields must
 * equal every key=value, and (unless roundtrip=0) encoding the decoded value must give the hex
 * back. For an `error` vector decoding must fail with exactly that code. Prints one line per
 * failure and a summary `passed P of N vectors`; exit status 0 only when all passed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gaitd_protocol.h"

#define MAX_LINE 8192
#define MAX_BYTES 512

static int failures = 0;
static const char *current = "";

static void fail(const char *what) {
    if (failures < 50) printf("FAIL %s: %s\n", current, what);
    failures++;
}

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Returns the byte count, or -1 on malformed hex. */
static long parse_hex(const char *hex, unsigned char *out) {
    size_t n = strlen(hex), i;
    if (strcmp(hex, "-") == 0) return 0;
    if (n % 2u != 0u || n / 2u > MAX_BYTES) return -1;
    for (i = 0; i < n; i += 2) {
        int hi = hex_value(hex[i]), lo = hex_value(hex[i + 1]);
        if (hi < 0 || lo < 0) return -1;
        out[i / 2u] = (unsigned char)(hi * 16 + lo);
    }
    return (long)(n / 2u);
}

/* Compares one decoded integer field with the vector's key=value. */
static void expect_field(const char *key, const char *value, unsigned long long actual) {
    char *end = NULL;
    unsigned long long expected = strtoull(value, &end, 10);
    char msg[256];
    if (end == value || *end != '\0') {
        snprintf(msg, sizeof msg, "field %s has a non-integer value '%s'", key, value);
        fail(msg);
        return;
    }
    if (expected != actual) {
        snprintf(msg, sizeof msg, "field %s: expected %llu, decoded %llu", key, expected, actual);
        fail(msg);
    }
}

static void expect_samples(const char *list, const gp_packet *p) {
    const char *s = list;
    size_t count = 0, total = (size_t)p->sample_count * 6u;
    char msg[160];
    while (*s != '\0') {
        char *end = NULL;
        long v = strtol(s, &end, 10);
        if (end == s) {
            fail("malformed samples list");
            return;
        }
        if (count >= total) {
            fail("more expected sample values than decoded");
            return;
        }
        if (v != p->samples[count / 6u][count % 6u]) {
            snprintf(msg, sizeof msg, "sample value %lu: expected %ld, decoded %d", (unsigned long)count, v,
                     p->samples[count / 6u][count % 6u]);
            fail(msg);
            return;
        }
        count++;
        s = (*end == ',') ? end + 1 : end;
    }
    if (count != total) fail("fewer expected sample values than decoded");
}

typedef union {
    gp_packet packet;
    gp_control_request request;
    gp_control_response response;
    gp_status status;
    gp_protocol_info info;
} decoded_value;

static gp_error decode(const char *kind, const unsigned char *bytes, size_t len, decoded_value *v) {
    if (strcmp(kind, "packet") == 0) return gp_decode_packet(bytes, len, &v->packet);
    if (strcmp(kind, "control-request") == 0) return gp_decode_control_request(bytes, len, &v->request);
    if (strcmp(kind, "control-response") == 0) return gp_decode_control_response(bytes, len, &v->response);
    if (strcmp(kind, "status") == 0) return gp_decode_status(bytes, len, &v->status);
    if (strcmp(kind, "protocol-info") == 0) return gp_decode_protocol_info(bytes, len, &v->info);
    fail("unknown vector kind");
    return GP_ERR_INVALID_FIELD;
}

static gp_error encode(const char *kind, const decoded_value *v, unsigned char *out, size_t cap, size_t *len) {
    if (strcmp(kind, "packet") == 0) return gp_encode_packet(&v->packet, out, cap, len);
    if (strcmp(kind, "control-request") == 0) return gp_encode_control_request(&v->request, out, cap, len);
    if (strcmp(kind, "control-response") == 0) return gp_encode_control_response(&v->response, out, cap, len);
    if (strcmp(kind, "status") == 0) return gp_encode_status(&v->status, out, cap, len);
    return gp_encode_protocol_info(&v->info, out, cap, len);
}

/* The decoded value of `key`, or 0 with *known = 0 when this kind has no such field. */
static unsigned long long field(const char *kind, const decoded_value *v, const char *key, int *known) {
    *known = 1;
    if (strcmp(kind, "packet") == 0) {
        const gp_packet *p = &v->packet;
        if (strcmp(key, "version") == 0) return p->version;
        if (strcmp(key, "n") == 0) return p->sample_count;
        if (strcmp(key, "acc") == 0) return p->acc_range;
        if (strcmp(key, "gyr") == 0) return p->gyr_range;
        if (strcmp(key, "rate") == 0) return p->rate;
        if (strcmp(key, "overrun") == 0) return p->fifo_overrun;
        if (strcmp(key, "seq") == 0) return p->seq;
        if (strcmp(key, "tick") == 0) return p->tick;
    } else if (strcmp(kind, "control-request") == 0) {
        const gp_control_request *r = &v->request;
        if (strcmp(key, "op") == 0) return r->opcode;
        if (strcmp(key, "code") == 0) return r->code;
        if (strcmp(key, "host_time") == 0) return r->host_time_us;
        if (strcmp(key, "pattern") == 0) return r->pattern;
        if (strcmp(key, "repeat") == 0) return r->repeat;
        if (strcmp(key, "intensity") == 0) return r->intensity;
    } else if (strcmp(kind, "control-response") == 0) {
        const gp_control_response *r = &v->response;
        if (strcmp(key, "opcode") == 0) return r->opcode;
        if (strcmp(key, "result") == 0) return r->result;
        if (strcmp(key, "host_time") == 0) return r->host_time_us;
        if (strcmp(key, "sensor_tick") == 0) return r->sensor_tick;
    } else if (strcmp(kind, "status") == 0) {
        const gp_status *s = &v->status;
        if (strcmp(key, "location") == 0) return s->location;
        if (strcmp(key, "rate") == 0) return s->rate;
        if (strcmp(key, "acc") == 0) return s->acc_range;
        if (strcmp(key, "gyr") == 0) return s->gyr_range;
        if (strcmp(key, "streaming") == 0) return s->streaming;
        if (strcmp(key, "calibrated") == 0) return s->calibrated;
        if (strcmp(key, "low_battery") == 0) return s->low_battery;
        if (strcmp(key, "overrun") == 0) return s->fifo_overrun;
        if (strcmp(key, "battery") == 0) return s->battery;
    } else if (strcmp(kind, "protocol-info") == 0) {
        if (strcmp(key, "active") == 0) return v->info.active_version;
        if (strcmp(key, "mask") == 0) return v->info.supported_mask;
    }
    *known = 0;
    return 0;
}

static void run_vector(char *line) {
    char *kind = strtok(line, " \n");
    char *name = strtok(NULL, " \n");
    char *hex = strtok(NULL, " \n");
    char *outcome = strtok(NULL, " \n");
    char *tok;
    unsigned char bytes[MAX_BYTES], encoded[MAX_BYTES];
    size_t encoded_len = 0;
    long len;
    int round_trip = 1;
    decoded_value value;
    gp_error err;
    char msg[256];

    current = name != NULL ? name : "(unnamed)";
    if (kind == NULL || name == NULL || hex == NULL || outcome == NULL) {
        fail("malformed line");
        return;
    }
    len = parse_hex(hex, bytes);
    if (len < 0) {
        fail("malformed hex");
        return;
    }
    memset(&value, 0, sizeof value);
    err = decode(kind, bytes, (size_t)len, &value);

    if (strcmp(outcome, "error") == 0) {
        char *code = strtok(NULL, " \n");
        if (code == NULL || strcmp(gp_error_name(err), code) != 0) {
            snprintf(msg, sizeof msg, "expected error %s, got %s", code != NULL ? code : "?", gp_error_name(err));
            fail(msg);
        }
        return;
    }
    if (err != GP_OK) {
        snprintf(msg, sizeof msg, "expected a valid decode, got error %s", gp_error_name(err));
        fail(msg);
        return;
    }
    while ((tok = strtok(NULL, " \n")) != NULL) {
        char *eq = strchr(tok, '=');
        int known = 0;
        unsigned long long actual;
        if (eq == NULL) {
            fail("malformed key=value");
            return;
        }
        *eq = '\0';
        if (strcmp(tok, "roundtrip") == 0) {
            round_trip = strcmp(eq + 1, "0") != 0;
            continue;
        }
        if (strcmp(kind, "packet") == 0 && strcmp(tok, "samples") == 0) {
            expect_samples(eq + 1, &value.packet);
            continue;
        }
        actual = field(kind, &value, tok, &known);
        if (!known) {
            snprintf(msg, sizeof msg, "unknown field %s for %s", tok, kind);
            fail(msg);
            continue;
        }
        expect_field(tok, eq + 1, actual);
    }
    if (!round_trip) return;
    err = encode(kind, &value, encoded, sizeof encoded, &encoded_len);
    if (err != GP_OK) {
        snprintf(msg, sizeof msg, "re-encoding failed: %s", gp_error_name(err));
        fail(msg);
    } else if (encoded_len != (size_t)len || memcmp(encoded, bytes, encoded_len) != 0) {
        fail("re-encoding gives different bytes");
    }
}

/* Checks the vectors cannot express: encoder guards and buffer limits. */
static int encoder_guards(void) {
    gp_packet p;
    gp_status s;
    gp_control_request r;
    unsigned char out[GP_MAX_PACKET_BYTES];
    size_t len = 0;
    int before = failures;
    current = "encoder-guards";
    memset(&p, 0, sizeof p);
    p.sample_count = 19;
    if (gp_encode_packet(&p, out, sizeof out, &len) != GP_OK || len != 236u) fail("19 samples must encode to 236 bytes");
    if (gp_encode_packet(&p, out, 235, &len) != GP_ERR_BUFFER_TOO_SMALL) fail("235-byte buffer must be refused");
    p.sample_count = 20;
    if (gp_encode_packet(&p, out, sizeof out, &len) != GP_ERR_INVALID_FIELD) fail("20 samples must be refused");
    p.sample_count = 1;
    p.gyr_range = 5;
    if (gp_encode_packet(&p, out, sizeof out, &len) != GP_ERR_INVALID_FIELD) fail("gyro code 5 must be refused");
    memset(&s, 0, sizeof s);
    s.battery = 101;
    if (gp_encode_status(&s, out, sizeof out, &len) != GP_ERR_INVALID_FIELD) fail("battery 101 must be refused");
    memset(&r, 0, sizeof r);
    r.opcode = 0x42;
    if (gp_encode_control_request(&r, out, sizeof out, &len) != GP_ERR_INVALID_FIELD) fail("unknown opcode refused");
    if (gp_samples_for_mtu(23) != 1u || gp_samples_for_mtu(247) != 19u || gp_samples_for_mtu(65) != 4u ||
        gp_samples_for_mtu(22) != 0u) {
        fail("samples per MTU");
    }
    if (gp_result_for_error(GP_ERR_UNKNOWN_OPCODE) != GP_RESULT_OPCODE_NOT_SUPPORTED ||
        gp_result_for_error(GP_ERR_TOO_SHORT) != 0u) {
        fail("result for error");
    }
    return failures == before;
}

int main(int argc, char **argv) {
    static char line[MAX_LINE];
    FILE *f;
    long total = 0, failed_vectors = 0;
    if (argc != 2) {
        fprintf(stderr, "usage: %s path/to/vectors.txt\n", argv[0]);
        return 2;
    }
    f = fopen(argv[1], "r");
    if (f == NULL) {
        fprintf(stderr, "cannot open %s: regenerate it with npx tsx firmware-protocol/vectors/generate.ts\n", argv[1]);
        return 2;
    }
    while (fgets(line, sizeof line, f) != NULL) {
        int before = failures;
        if (line[0] == '#' || line[0] == '\n') continue;
        if (strchr(line, '\n') == NULL && !feof(f)) {
            printf("FAIL line longer than %d characters\n", MAX_LINE);
            fclose(f);
            return 1;
        }
        total++;
        run_vector(line);
        if (failures > before) failed_vectors++;
    }
    fclose(f);
    {
        int guards_ok = encoder_guards();
        printf("passed %ld of %ld vectors; encoder guards %s\n", total - failed_vectors, total, guards_ok ? "ok" : "FAILED");
    }
    return failures == 0 ? 0 : 1;
}
