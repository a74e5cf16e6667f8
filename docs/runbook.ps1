# Recovery runbook for a Logger pair whose state transfer failed (see docs/runbook.md).
# The same steps as docs/runbook.sh, for PowerShell 5.1 or 7 on the Logger or a jump host:
#
#   $env:ICMSYNC_CONFIG = 'D:\icmsync\icmsync.json'; .\docs\runbook.ps1
#
# Exit codes: 0 the sides are in sync (or were already); 10 a person must look (the message says
# why); anything else is icmsync's own exit code from the step that failed.
param(
  [string]$Icmsync = 'icmsync',
  [string]$ReportDir = (Join-Path (Get-Location) ("icmsync-recovery-" + (Get-Date).ToUniversalTime().ToString('yyyyMMddTHHmmssZ'))),
  [string]$Window = '40m',
  [ValidateSet('config', 'all')][string]$Scope = 'config'
)
$ErrorActionPreference = 'Stop'
New-Item -ItemType Directory -Force -Path $ReportDir | Out-Null

function Log([string]$Text) { [Console]::Error.WriteLine("$((Get-Date).ToUniversalTime().ToString('HH:mm:ss')) runbook: $Text") }
function Stop-Runbook([string]$Text, [int]$Code = 10) { Log $Text; exit $Code }
# Runs icmsync with its JSON on stdout saved to a file; returns the exit code and the document.
function Invoke-Icmsync([string]$Report, [string[]]$Arguments) {
  $path = Join-Path $ReportDir $Report
  & $Icmsync @Arguments | Out-File -Encoding utf8 -FilePath $path
  $code = $LASTEXITCODE
  $doc = $null
  if ((Test-Path $path) -and (Get-Item $path).Length -gt 0) { $doc = Get-Content -Raw $path | ConvertFrom-Json }
  return @{ Code = $code; Doc = $doc; Path = $path }
}

# 1. Which way? status says which side is ahead.
Log 'status'
$r = Invoke-Icmsync 'status-before.json' @('status', '--json')
switch ($r.Code) {
  0 { Log 'the sides are IN SYNC: nothing to do'; exit 0 }
  1 { }
  default { Stop-Runbook "status failed (exit $($r.Code)): $($r.Doc.error.message)" $r.Code }
}
$state = $r.Doc.verdict.state; $from = $r.Doc.verdict.from; $to = $r.Doc.verdict.to
if (-not $from -or -not $to) { Stop-Runbook "status says ${state}: no side is simply ahead; compare the diff report and decide by hand (icmsync diff --html)" }
Log "status says ${state}: copy $from to $to"

# 2. Preflight: every check of the sync about to run.
Log 'doctor'
$r = Invoke-Icmsync 'doctor.json' @('doctor', '--from', $from, '--to', $to, '--json')
switch ($r.Code) {
  0 { }
  4 { Stop-Runbook "doctor found a check that fails; see $($r.Path) (each failing check says its fix)" 4 }
  default { Stop-Runbook "doctor could not run (exit $($r.Code)); see $($r.Path)" $r.Code }
}

# 3. The dry-run report for the change record.
Log 'diff'
$r = Invoke-Icmsync 'diff.json' @('diff', '--scope', $Scope, '--json', '--html', (Join-Path $ReportDir 'diff.html'))
switch ($r.Code) {
  0 { Log 'diff finds no row to copy'; exit 0 }
  1 { }
  default { Stop-Runbook "diff failed (exit $($r.Code))" $r.Code }
}

# 4. The sync, bounded by the maintenance window.
Log "sync $from -> $to (scope $Scope, at most $Window)"
$r = Invoke-Icmsync 'sync.json' @('sync', '--from', $from, '--to', $to, '--scope', $Scope, '--max-duration', $Window, '--yes', '--json')
switch ($r.Code) {
  0 { }
  4 { Stop-Runbook "sync refused: $($r.Doc.error.message)" 4 }
  5 {
    if ($r.Doc.outcome -eq 'stopped') { Stop-Runbook "the window ended before the sync did; what is written is committed. Next window: $Icmsync sync --resume --yes" 5 }
    Stop-Runbook "sync ended with $($r.Doc.outcome) (exit 5); run it again: it writes only what still differs" 5
  }
  default { Stop-Runbook "sync failed (exit $($r.Code)): $($r.Doc.error.message)" $r.Code }
}

# 5. Verify independently of the sync's own checksums.
Log 'verify'
$r = Invoke-Icmsync 'diff-after.json' @('diff', '--scope', $Scope, '--json')
if ($r.Code -ne 0) { Stop-Runbook "rows still differ after the sync (exit $($r.Code)); see $($r.Path)" }
$r = Invoke-Icmsync 'status-after.json' @('status', '--json')
Log "done: side $to matches side $from ($($r.Doc.verdict.state)); start the Logger on side $to and watch its trace"
exit 0
