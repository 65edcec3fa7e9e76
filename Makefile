# zaduo-office — two commands do all set-up on a fresh machine with Python 3.11:
#   make run    virtualenv + dependencies + SQLite database + demo office, served on http://127.0.0.1:8000
#   make test   the same set-up, then the whole test suite (DATABASE_URL / REDIS_URL pick PostgreSQL / Redis)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=
# Exact versions (with hashes) of every dependency: requirements/dev.lock for make, requirements/prod.lock for
# the Dockerfile. Both are compiled from pyproject.toml by `make lock`; `make lock LOCK_ARGS=--upgrade` (or
# `LOCK_ARGS="--upgrade-package django"`) moves pinned versions forward.
LOCK_ARGS ?=
LOCK_FLAGS := --universal --python-version 3.11 --generate-hashes --custom-compile-command "make lock" --quiet

.PHONY: run test lint format deps lock bench clean-db

$(STAMP): pyproject.toml requirements/dev.lock
	@echo "==> 创建虚拟环境 $(VENV) 并按锁定版本安装 Python 依赖（requirements/dev.lock）"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.lock
	@$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

deps: $(STAMP)

lock: $(STAMP)
	@echo "==> 由 pyproject.toml 重新生成 requirements/dev.lock 与 requirements/prod.lock"
	@$(VENV)/bin/uv pip compile pyproject.toml --extra dev $(LOCK_FLAGS) $(LOCK_ARGS) -o requirements/dev.lock
	@$(VENV)/bin/uv pip compile pyproject.toml $(LOCK_FLAGS) -c requirements/dev.lock -o requirements/prod.lock

# `make run` is safe to leave running on an office PC (issue 10): debug off (Chinese 404/500 pages, never the URL
# list), static files collected and served by WhiteNoise as in production (hashed names, a year's max-age,
# compressed), and a secret key of this machine's own, made once and kept in var/secret_key (never the public
# development key). SQLite and in-process Celery tasks stay the defaults. RUN_PORT picks another port.
RUN_PORT ?= 8000
SECRET_KEY_FILE := var/secret_key
RUN_ENV = DJANGO_DEBUG=0 SECRET_KEY="$$(cat $(SECRET_KEY_FILE))"

$(SECRET_KEY_FILE):
	@mkdir -p $(dir $@)
	@umask 077 && $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	@echo "==> 已生成本机密钥 $@（请勿外传；删除后所有人需重新登录）"

run: $(STAMP) $(SECRET_KEY_FILE)
	@scripts/system-deps.sh run
	@echo "==> 迁移数据库（默认 SQLite：db.sqlite3）"
	@$(RUN_ENV) $(PY) manage.py migrate --noinput
	@echo "==> 同步角色权限（代码规定的补上，管理员另加的保留）"
	@$(RUN_ENV) $(PY) manage.py sync_roles
	@echo "==> 建立演示办公室"
	@$(RUN_ENV) $(PY) manage.py seed_demo
	@echo "==> 收集静态文件（带哈希的文件名、压缩，由 WhiteNoise 提供）"
	@$(RUN_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "==> 启动：http://127.0.0.1:$(RUN_PORT) （Celery 任务就地执行；Ctrl-C 停止）"
	@$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:$(RUN_PORT)

test: $(STAMP)
	@scripts/system-deps.sh test
	@echo "==> 运行测试（数据库：$${DATABASE_URL:-SQLite}，消息队列：$${REDIS_URL:-就地执行}）"
	@$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .

format: $(STAMP)
	@$(VENV)/bin/ruff format .
	@$(VENV)/bin/ruff check --fix .

# BENCH_SIZE=100000 (or 1000000) measures the 10k table first, then that size, and prints the growth (issue 13).
BENCH_SIZE ?= 10000
bench: $(STAMP)
	@echo "==> bench/run.py --size $(BENCH_SIZE)"; $(PY) bench/run.py --size $(BENCH_SIZE)
	@for script in bench/outgoing.py bench/deadlines.py bench/leave.py bench/meetings.py bench/duty.py bench/supervision.py bench/petitions.py bench/information.py bench/disclosure.py bench/duties.py; do echo "==> $$script"; $(PY) $$script; done

clean-db:
	rm -f db.sqlite3
