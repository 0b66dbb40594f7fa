-- app_ctx.patient_dashboard() returns at most one row, but a set-returning function is estimated at 1000 rows:
-- with the at-risk name lookup per row, the plan's estimate passed jit_above_cost and every GET /v1/dashboard
-- paid ~115 ms of JIT compilation for a 1 ms query (docs/BENCHMARKS.md "Dashboard view"). Tell the planner.
ALTER FUNCTION app_ctx.patient_dashboard() ROWS 1;
