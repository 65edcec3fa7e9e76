#!/usr/bin/env bash
# Checks (and, where it can, installs) the system packages zaduo-office needs beyond Python.
#   scripts/system-deps.sh run   — what the app needs: pango for WeasyPrint and a CJK font for PDFs
#   scripts/system-deps.sh test  — the above, plus Chromium (browser tests) and poppler (pdffonts, pdftoppm)
# It installs with apt-get when it runs as root (or with password-less sudo); otherwise it says exactly
# what is missing. A PDF is never rendered with empty boxes: without a CJK font the app refuses to render.
set -euo pipefail
mode="${1:-run}"
missing_pkgs=()
missing_why=()

need() {  # need <debian-package> <why> <check command…>
  local pkg="$1" why="$2"; shift 2
  if ! "$@" >/dev/null 2>&1; then missing_pkgs+=("$pkg"); missing_why+=("$pkg: $why"); fi
}
has_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
has_font() { fc-list : family 2>/dev/null | grep -q "$1"; }
has_cjk_font() { fc-list ':lang=zh' family 2>/dev/null | grep -q .; }

need libpango-1.0-0 "WeasyPrint 排版 PDF" has_lib libpango-1.0.so
need libpangoft2-1.0-0 "WeasyPrint 字体" has_lib libpangoft2-1.0.so
need libharfbuzz-subset0 "PDF 字体子集（缺少时每份 PDF 要 10 秒以上）" has_lib libharfbuzz-subset.so
need fontconfig "查找字体" command -v fc-list
need fonts-noto-cjk "PDF 中的中文字体" has_cjk_font
need fonts-lxgw-wenkai "公文的楷体（签发人姓名、二级标题，GB/T 9704-2012）" has_font "LXGW WenKai"
if [ "$mode" = "test" ]; then
  need chromium "浏览器测试 (Playwright 驱动 /usr/bin/chromium)" test -x /usr/bin/chromium
  need poppler-utils "测试检查 PDF 字体与页面 (pdffonts, pdftoppm)" command -v pdffonts
fi

if [ ${#missing_pkgs[@]} -eq 0 ]; then
  echo "==> 系统依赖齐全 ($mode)"
  exit 0
fi

echo "==> 缺少系统软件包："
printf '    %s\n' "${missing_why[@]}"
# shellcheck disable=SC2207
uniq_pkgs=($(printf '%s\n' "${missing_pkgs[@]}" | sort -u))
SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo"; fi
if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; }; then
  echo "==> 正在安装：${uniq_pkgs[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${uniq_pkgs[@]}"
  fc-cache -f >/dev/null 2>&1 || true
  echo "==> 系统依赖已安装"
  exit 0
fi
echo "==> 无法自动安装（需要 root 权限和 apt-get）。请执行：" >&2
echo "    sudo apt-get install ${uniq_pkgs[*]}" >&2
if [ "$mode" = "test" ]; then
  exit 1
fi
echo "==> 应用仍可运行，但生成 PDF 时会明确报错而不会输出缺字的文件。" >&2
