-- Headless Neovim end-to-end: start backend-organizer from the built-in client, run organize, write all.
-- Works on 0.7 (Debian) and 0.11+ (method-call API). Env: WS (workspace), PY (python with the server), OUT.
local WS, PY, OUT = os.getenv('WS'), os.getenv('PY'), os.getenv('OUT')
local NEW = vim.fn.has('nvim-0.11') == 1
local function req_sync(c, ...) if NEW then return c:request_sync(...) else return c.request_sync(...) end end
local function finish(result)
  local f = io.open(OUT, 'w'); f:write(vim.fn.json_encode(result)); f:close()
  vim.cmd('qall!')
end

vim.cmd('edit ' .. WS .. '/main.py')
local client_id = vim.lsp.start_client({
  name = 'backend-organizer', cmd = { PY, '-m', 'backend_organizer', 'lsp' }, root_dir = WS,
  workspace_folders = { { uri = vim.uri_from_fname(WS), name = 'ws' } },
})
vim.lsp.buf_attach_client(0, client_id)
local ready = vim.wait(30000, function()
  local c = vim.lsp.get_client_by_id(client_id); return c ~= nil and c.initialized end, 50)
if not ready then return finish({ error = 'server did not initialize' }) end
local client = vim.lsp.get_client_by_id(client_id)

local response = req_sync(client, 'workspace/executeCommand', { command = 'backendOrganizer.organize' }, 120000, 0)
vim.cmd('silent! wall')
local result = { version = vim.version(), response = response and (response.result or response.err) }
if NEW then client:stop() else vim.lsp.stop_client(client_id) end
vim.wait(3000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
finish(result)
