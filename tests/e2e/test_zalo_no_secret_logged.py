"""No secret of the Zalo channel is ever logged: a full ``nhacviec run`` sends a reminder by Zalo
(its first attempt refused: 401, the token rejected), and its linking poller answers a chat
(after a failed poll), all on the loopback Zalo server; the whole output is then searched for
the token, its secret half and the webhook secret."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import ops_seed
from tests.e2e.services import Services, run_environment, wait_for
from tests.zalo_api import ApiError, ZaloBotServer, serve_in_thread

WEBHOOK_SECRET = "zalo-webhook-Bí-mật-91c2"
WITHIN_S = 60.0


@pytest.fixture
def zalo() -> Iterator[ZaloBotServer]:
    with serve_in_thread(ZaloBotServer(any_chat=True)) as server:
        yield server


def test_a_full_run_never_logs_the_zalo_token(
    tmp_path: Path, migrated_store_url: str, zalo: ZaloBotServer, services: Services
) -> None:
    reminded, stranger = zalo.add_chat("Văn phòng"), zalo.add_chat("Người lạ")
    ops_seed.due_notices(migrated_store_url, [("zalo", reminded.id)], key="secret-test")
    zalo.fail(ApiError.unauthorized(), chat_id=reminded.id)  # the first send: token rejected
    zalo.fail(ApiError.server_error(502), method="getUpdates")  # the first poll fails
    env = run_environment(tmp_path / "home", migrated_store_url, tmp_path / "unused.txt", every_s=1)
    env |= zalo.environment() | {
        "NHACVIEC_NOTIFY_CHANNELS": "zalo",
        "NHACVIEC_ZALO_POLL_TIMEOUT_S": "1",
        "NHACVIEC_ZALO_WEBHOOK_SECRET": WEBHOOK_SECRET,
    }
    service = services.start("run", env)
    wait_for(service.started, within=WITHIN_S, what="the service to start")
    zalo.wait_until_polling(timeout=WITHIN_S)
    zalo.push_text(stranger, "/start ABCDE-FGHJK")
    wait_for(lambda: zalo.sent(stranger.id), within=WITHIN_S, what="the poller's answer")
    wait_for(lambda: zalo.sent(reminded.id), within=WITHIN_S, what="the reminder, retried")
    assert service.terminate(30)[0] == 0
    output = service.log() + service.stdout.read_text(encoding="utf-8", errors="replace")
    assert '"scheduler pass"' in output  # the log of a run that did send …
    assert '"zalo getUpdates failed"' in output  # … and of the poller's failure
    assert [c.status for c in zalo.calls("sendMessage", chat_id=reminded.id)][:1] == [401]
    secret_half = zalo.token.split(":", 1)[1]
    for secret in (zalo.token, secret_half, WEBHOOK_SECRET):
        assert secret not in output
