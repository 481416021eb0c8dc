-- wrk script for `film4j serve`: POSTs Open Inference Protocol requests whose bodies are the
-- files 0.json, 1.json, ... of a folder (OIP_BODIES, default "bodies"), each thread cycling
-- through all of them from its own starting point. docs/serving.md makes the bodies and runs it:
--   OIP_BODIES=/tmp/oip wrk -t2 -c64 -d30s --latency -s scripts/oip-load.lua \
--     http://127.0.0.1:8080/v2/models/small/infer
local folder = os.getenv("OIP_BODIES") or "bodies"
local bodies = {}
local next_body = 1
local headers = { ["Content-Type"] = "application/json" }

function setup(thread)
  thread:set("first", math.random(1000000))
end

function init(args)
  while true do
    local file = io.open(folder .. "/" .. #bodies .. ".json", "rb")
    if file == nil then break end
    bodies[#bodies + 1] = file:read("*a")
    file:close()
  end
  if #bodies == 0 then
    error("no request bodies in " .. folder .. " (0.json, 1.json, ...)")
  end
  next_body = (first or 0) % #bodies + 1
end

function request()
  local body = bodies[next_body]
  next_body = next_body % #bodies + 1
  return wrk.format("POST", nil, headers, body)
end
