-- Driven by lsp_nvim.rs: Neovim (0.7's built-in client) starts goescape
-- lsp on the fixture module, opens a file, waits for the diagnostics,
-- hovers the first heap site, and writes both to $GOESCAPE_NVIM_OUT.
local out = {}
local function finish(status)
  local file = io.open(os.getenv("GOESCAPE_NVIM_OUT"), "w")
  file:write(table.concat(out, "\n") .. "\n")
  file:close()
  vim.cmd(status == 0 and "qa!" or "cq!")
end

local client = vim.lsp.start_client({
  name = "goescape",
  cmd = { os.getenv("GOESCAPE_BIN"), "lsp" },
  root_dir = os.getenv("GOESCAPE_NVIM_ROOT"),
})
vim.cmd("edit " .. os.getenv("GOESCAPE_NVIM_FILE"))
vim.lsp.buf_attach_client(0, client)

-- A guard against a hung server, not a speed requirement.
if not vim.wait(300000, function() return #vim.diagnostic.get(0) > 0 end, 20) then
  table.insert(out, "no diagnostics")
  return finish(1)
end
local lines = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(lines, string.format("%d:%d: %s [%s]", d.lnum + 1, d.col + 1, d.message, d.code or ""))
end
table.sort(lines)
table.insert(out, "# diagnostics")
for _, line in ipairs(lines) do table.insert(out, line) end

-- The cursor on `p` of `p := Point{x, y}` (line 11, column 2).
vim.api.nvim_win_set_cursor(0, { 11, 1 })
local params = vim.lsp.util.make_position_params()
local replies = vim.lsp.buf_request_sync(0, "textDocument/hover", params, 60000) or {}
table.insert(out, "# hover")
for _, reply in pairs(replies) do
  if reply.result then
    for _, line in ipairs(vim.lsp.util.convert_input_to_markdown_lines(reply.result.contents)) do
      table.insert(out, line)
    end
  end
end
vim.lsp.stop_client(client)
finish(0)
