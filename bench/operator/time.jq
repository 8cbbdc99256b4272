# Audit timestamps ("2026-12-01T11:17:09.123456Z") as seconds since the epoch, with the fraction
# (fromdateiso8601 takes none).
def ts: (.[0:19] + "Z" | fromdateiso8601) + ((.[19:] | capture("^[.](?<f>[0-9]+)")? | "0." + .f | tonumber) // 0);
