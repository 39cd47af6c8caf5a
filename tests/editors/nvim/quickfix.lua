-- Headless Neovim: open a file with a stale import, wait for the diagnostic, take the quick fix through
-- vim.lsp.buf.code_action (vim.ui.select stubbed to pick "Update import to ..."), write, quit.
local WS, PY, OUT, FILE, LINE = os.getenv('WS'), os.getenv('PY'), os.getenv('OUT'), os.getenv('FILE'),
  tonumber(os.getenv('LINE'))
local NEW = vim.fn.has('nvim-0.11') == 1
local function finish(result)
  local f = io.open(OUT, 'w'); f:write(vim.fn.json_encode(result)); f:close()
  vim.cmd('qall!')
end

vim.cmd('edit ' .. WS .. '/' .. FILE)
local client_id = vim.lsp.start_client({
  name = 'backend-organizer', cmd = { PY, '-m', 'backend_organizer', 'lsp' }, root_dir = WS,
  workspace_folders = { { uri = vim.uri_from_fname(WS), name = 'ws' } },
})
vim.lsp.buf_attach_client(0, client_id)
local got = vim.wait(60000, function() return #vim.diagnostic.get(0) > 0 end, 100)
if not got then return finish({ error = 'no diagnostics' }) end
local diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(diagnostics, { lnum = d.lnum, message = d.message, source = d.source })
end
vim.api.nvim_win_set_cursor(0, { LINE, 0 })
local picked = nil
vim.ui.select = function(items, _, on_choice)
  for _, it in ipairs(items) do
    local action = it.action or it[2]
    if action.title:find('Update import to', 1, true) then picked = action.title; return on_choice(it) end
  end
  on_choice(nil)
end
local before = vim.api.nvim_buf_get_lines(0, LINE - 1, LINE, false)[1]
vim.lsp.buf.code_action()
vim.wait(20000, function() return vim.api.nvim_buf_get_lines(0, LINE - 1, LINE, false)[1] ~= before end, 50)
vim.cmd('silent! wall')
if NEW then vim.lsp.get_client_by_id(client_id):stop() else vim.lsp.stop_client(client_id) end
vim.wait(3000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
finish({ diagnostics = diagnostics, picked = picked })
