#!/usr/bin/env python3
"""A WAOOAW job worker in plain Python 3 (standard library only): long-polls for jobs of one task type,
does the work and completes each job. While the platform is unreachable (restarting) it retries, so a
job in hand is completed once the platform is back; a repeated completion changes nothing.

    WAOOAW_URL=http://localhost:3000 WAOOAW_API_KEY=wak_... python3 job-worker.py payments.charge
"""
import http.client, json, os, socket, sys, time, urllib.error, urllib.parse, urllib.request

JOBS = os.environ.get("WAOOAW_URL", "http://localhost:3000").rstrip("/") + "/api/v1/workflows/jobs"
WORKER = f"py-{socket.gethostname()}-{os.getpid()}"


def call(path, body):
    """POSTs JSON and returns the answer; retries while the platform is down or restarting."""
    headers = {"Content-Type": "application/json", "X-API-Key": os.environ["WAOOAW_API_KEY"]}
    while True:
        request = urllib.request.Request(JOBS + path, json.dumps(body).encode(), headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=90) as answer:
                return json.load(answer)
        except urllib.error.HTTPError as e:  # the platform answered: only "unavailable" is worth a retry
            if e.code not in (502, 503, 504):
                raise
        except (OSError, http.client.HTTPException) as e:
            print(f"platform unreachable ({e}); retrying", flush=True)
        time.sleep(1)


def work(job):
    """The task itself; the variables it returns complete the job (here: who handled it)."""
    return {"handledBy": WORKER}


def main(job_type, work=work):
    poll = {"type": job_type, "workerId": WORKER, "maxJobs": 1, "lockMs": 600_000, "waitMs": 20_000}
    while True:
        for job in call("/activate", poll)["jobs"]:
            done = {"workerId": WORKER, "variables": work(job)}
            try:
                call(f"/{urllib.parse.quote(job['id'], safe='')}/complete", done)
                print(f"completed {job['id']}", flush=True)
            except urllib.error.HTTPError as e:  # e.g. 409: the lock expired and went to another worker
                print(f"could not complete {job['id']}: {e.code} {e.read().decode()}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
