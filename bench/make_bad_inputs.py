#!/usr/bin/env python3
"""Writes the bad-input corpus tests/bad_inputs/ (small files; the 10 MB field is made by the
test itself). Run from the crate root; the expected results live in tests/bad_inputs/expected.json."""
import io, os, random, zipfile

D = "tests/bad_inputs"
os.makedirs(D, exist_ok=True)
EV = "user_id,event,timestamp,session_id,item_id,amount\n"
OR = "order_id,user_id,paid_at,amount,status\n"


def w(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(D, name), "wb") as f:
        f.write(data)


good = "u1,enter,2026-03-01 20:00:00,s1,,\n"
w("empty.csv", b"")
w("lone_bom.csv", b"\xef\xbb\xbf")
w("whitespace_only.csv", " \n\t\r\n  \n")
w("header_only.csv", EV)
w("truncated_last_row.csv", EV + good + "u2,enter,2026-03-01 20:0")
w("ragged_rows.csv", EV + good + "u2,enter,2026-03-01 20:01:00\n"
  + "u3,enter,2026-03-01 20:02:00,s1,,,extra,more\n" + "u4,view,2026-03-01 20:03:00,s1,p1,\n")
w("mixed_delimiters.csv", EV + good + "u2;enter;2026-03-01 20:01:00;s1;;\n"
  + "u3\tenter\t2026-03-01 20:02:00\ts1\t\t\n" + "u4,enter,2026-03-01 20:03:00,s1,,\n")
w("unterminated_quote.csv", EV + good + 'u2,"enter,2026-03-01 20:01:00,s1,,\nu3,enter,2026-03-01 20:02:00,s1,,\n')
w("quoted_newlines_crlf.csv", (EV + 'u1,enter,2026-03-01 20:00:00,"s\n1",,\n\n\nu2,view,2026-03-01 20:01:00,s1,"p,1",\n').replace("\n", "\r\n"))
w("latin1.csv", ("user_id,event,timestamp\nJosé,enter,2026-03-01 20:00:00\nRenée,view,2026-03-01 20:01:00\n").encode("latin-1"))
w("mixed_utf8_gbk.csv", "user_id,event,timestamp\n张三,enter,2026-03-01 20:00:00\n".encode("utf-8")
  + "李四,enter,2026-03-01 20:01:00\n".encode("gbk"))
w("gbk_chinese_headers.csv", "用户ID,行为类型,发生时间,实付金额\n张三,进入直播间,2026-03-01 20:00:00,\n李四,支付,2026-03-01 20:05:00,\"￥1,299.00\"\n".encode("gbk"))
w("utf16le_bom.csv", b"\xff\xfe" + (EV + good).encode("utf-16-le"))
w("utf16be_no_bom.csv", (EV + good).encode("utf-16-be"))
w("utf16le_odd_bytes.csv", b"\xff\xfe" + (EV + good).encode("utf-16-le") + b"\x00")
w("bom_then_invalid_utf8.csv", b"\xef\xbb\xbf" + EV.encode() + b"u1,enter,\xff\xfe\xfd,s1,,\n")
rng = random.Random(7)
w("binary.bin", bytes(rng.randrange(256) for _ in range(4096)))
w("png_named.csv", b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(512)))
w("control_chars_dense.csv", EV + "u1,enter,2026-03-01 20:00:00,s1,,\n" * 2 + "u\x07,enter\x01,2026-03-01 20:00:00,s\x02,,\n")
w("control_chars_sparse.csv", EV + "".join(f"u{i},enter,2026-03-01 20:{i:02}:00,s1,,\n" for i in range(40)) + "u\x07,enter,2026-03-01 20:00:00,s\x02,,\n")
w("corrupt.xlsx", b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(300)))
z = io.BytesIO()
with zipfile.ZipFile(z, "w") as zf:
    zf.writestr("hello.txt", "not a spreadsheet")
w("zip_not_xlsx.xlsx", z.getvalue())
w("ole_garbage.xls", b"\xd0\xcf\x11\xe0" + bytes(rng.randrange(256) for _ in range(600)))
w("json_scalar.json", "42\n")
w("json_object.json", '{"user_id": "u1", "event": "enter", "timestamp": "2026-03-01T20:00:00Z"}')
w("json_array_of_numbers.json", "[1, 2, 3]")
w("json_mixed_array.json", '[{"user_id": "u1", "event": "enter", "timestamp": "2026-03-01T20:00:00Z"}, 5, "x", null, [1], {"user_id": "u2", "event": "view", "timestamp": "2026-03-01T20:01:00Z", "extra": {"a": 1}}]')
w("json_truncated.json", '[{"user_id": "u1", "event": "enter", "timestamp": "2026-03-01T20:00:00Z"}, {"user_id": "u2", "ev')
w("json_nested_values.json", '[{"user_id": 12, "event": "pay", "timestamp": 1772395200, "amount": 9.5}, {"user_id": true, "event": "pay", "timestamp": "2026-03-01T20:01:00Z", "amount": "NaN"}, {"user_id": {"id": 3}, "event": ["pay"], "timestamp": null, "amount": null}]')
w("ndjson_bad_line.ndjson", '{"user_id": "u1", "event": "enter", "timestamp": "2026-03-01T20:00:00Z"}\n{"user_id": "u2", oops\n[1,2]\n{"user_id": "u3", "event": "view", "timestamp": "2026-03-01T20:02:00Z"}\n')
w("nan_inf_amounts.csv", OR + "o1,u1,2026-03-01 20:00:00,NaN,paid\no2,u2,2026-03-01 20:01:00,inf,paid\n"
  + "o3,u3,2026-03-01 20:02:00,-Infinity,paid\no4,u4,2026-03-01 20:03:00,1e400,paid\n"
  + "o5,u5,2026-03-01 20:04:00,99.5,paid\no6,u6,2026-03-01 20:05:00,nan,paid\n")
w("bad_amounts.csv", OR + "o1,u1,2026-03-01 20:00:00,12abc,paid\no2,u2,2026-03-01 20:01:00,1.2.3,paid\n"
  + "o3,u3,2026-03-01 20:02:00,¥,paid\no4,u4,2026-03-01 20:03:00,-5,paid\no5,u5,2026-03-01 20:04:00,,paid\n"
  + "o6,u6,2026-03-01 20:05:00,\"¥1,299.00\",paid\no7,u7,2026-03-01 20:06:00,99元,paid\n"
  + "o8,u8,2026-03-01 20:07:00,0x10,paid\no9,u9,2026-03-01 20:08:00,1e5,paid\n")
w("dates_out_of_range.csv", "user_id,event,timestamp\nu1,enter,1899-12-31 23:59:59\nu2,enter,2101-01-01 00:00:00\n"
  + "u3,enter,2026-13-01 00:00:00\nu4,enter,2026-02-30 10:00:00\nu5,enter,99999999999999999999\n"
  + "u6,enter,-1\nu7,enter,0\nu8,enter,2026-03-01 24:00:00\nu9,enter,2026-03-01T20:00:00+25:00\n"
  + "u10,enter,2026-03-01 20:00:00\nu11,enter,\nu12,enter,yesterday\n")
w("duplicate_headers.csv", "user_id,event,timestamp,user_id\nu1,enter,2026-03-01 20:00:00,u9\nu2,view,2026-03-01 20:01:00,u8\n")
w("empty_user_ids.csv", EV + good + ",enter,2026-03-01 20:01:00,s1,,\n   ,view,2026-03-01 20:02:00,s1,p1,\n\"\",pay,2026-03-01 20:03:00,s1,p1,5\n")
w("leave_before_enter.csv", EV + "u1,leave,2026-03-01 20:00:00,s1,,\nu1,enter,2026-03-01 20:05:00,s1,,\n"
  + "u2,leave,2026-03-01 20:10:00,s1,,\nu3,enter,2026-03-01 20:01:00,s1,,\nu3,pay,2026-03-01 20:02:00,s1,p1,10\n")
w("skew_events_utc.csv", EV + "u1,enter,2026-03-01T12:00:00Z,s1,,\nu1,pay,2026-03-01T12:10:00Z,s1,p1,10\nu2,enter,2026-03-01T12:01:00Z,s1,,\n")
w("skew_events_plus8.csv", EV + "u3,enter,2026-03-01 20:00:00+08:00,s1,,\nu3,leave,2026-03-01 20:30:00+08:00,s1,,\nu4,enter,2026-03-01 23:59:00+08:00,s1,,\n")
w("skew_orders_naive.csv", OR + "o9,u1,2026-03-01 20:10:00,10,paid\no10,u2,2026-03-01 20:20:00,20,refunded\n")
w("exact_duplicates.csv", EV + good * 3 + "u2,enter,2026-03-01 20:00:00,s1,,\n")
w("unknown_events.csv", EV + good + "u1,抽奖,2026-03-01 20:01:00,s1,,\nu2,抽奖,2026-03-01 20:02:00,s1,,\nu2,zzz,2026-03-01 20:03:00,s1,,\n")
w("unknown_status.csv", OR + "o1,u1,2026-03-01 20:00:00,10,paid\no2,u2,2026-03-01 20:01:00,10,teleported\no3,u3,2026-03-01 20:02:00,10,已取消\n")
w("missing_user_column.csv", "who,event,timestamp\nu1,enter,2026-03-01 20:00:00\n")
w("unknown_kind.csv", "alpha,beta,gamma\n1,2,3\n")
w("wide_header.csv", ",".join(["user_id", "event", "timestamp"] + [f"c{i}" for i in range(5000)]) + "\n"
  + ",".join(["u1", "enter", "2026-03-01 20:00:00"] + ["x"] * 5000) + "\n")
w("long_id.csv", "user_id,event,timestamp\n" + "u" * 1001 + ",enter,2026-03-01 20:00:00\nu2,enter,2026-03-01 20:00:00\n")
w("negative_price_items.csv", "item_id,title,price\np1,Course,99\np2,Book,-3\np3,Coach,abc\n,Nameless,5\n")
w("sessions_bad_spend.csv", "session_id,host,start,end,ad_spend\ns1,Ann,2026-03-01 20:00:00,2026-03-01 22:00:00,100\ns2,Bo,2026-03-02 20:00:00,2026-03-02 19:00:00,-1\n,Cy,,,\n")
# Every row rejected: the CLI exits 1 naming the main reason (tests/cli.rs checks the exit).
w("all_rows_rejected.csv", "user_id,event,timestamp\nu1,enter,yesterday\nu2,enter,soon\n,enter,2026-03-01 20:00:00\nu3,enter,2026-02-30 10:00:00\n")
# One buyer paying 22 products in one session: 4 million itemsets unbounded; rules are capped.
w("one_buyer_22_products.csv", EV + "".join(f"u1,pay,2026-03-01 20:{i:02d}:00,s1,p{i:02d},9.9\n" for i in range(22))
  + "u2,enter,2026-03-01 20:00:00,s1,,\n")
print("wrote", len(os.listdir(D)), "files")
