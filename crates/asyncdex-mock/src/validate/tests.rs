use super::*;

fn check(op: &str, q: &str) -> Result<(), String> {
    let (m, t) = op.split_once(' ').unwrap();
    query(m, t, Some(q)).map_err(|e| e.detail.unwrap_or_default())
}

#[test]
fn every_operation_of_the_spec_is_in_the_table() {
    assert_eq!(table().operations.len(), 113);
    for (m, t, _, _) in crate::routes::OPERATIONS {
        assert!(
            table().operations.contains_key(&format!("{m} {t}")),
            "{m} {t}"
        );
    }
}

#[test]
fn names_forms_and_values() {
    assert!(check("GET /manga", "limit=10&includes[]=author&order[title]=asc").is_ok());
    assert!(
        check("GET /manga", "ids[0]=x")
            .unwrap_err()
            .contains("UUID")
    );
    let e = check("GET /manga", "limt=10").unwrap_err();
    assert!(e.contains("The property limt is not defined"), "{e}");
    assert!(
        check("GET /manga", "limit=101")
            .unwrap_err()
            .contains("maximum value of 100")
    );
    assert!(
        check("GET /manga", "limit[]=1")
            .unwrap_err()
            .contains("Array value found")
    );
    assert!(
        check("GET /manga", "order=asc")
            .unwrap_err()
            .contains("an object")
    );
    assert!(
        check("GET /manga", "order[nope]=asc")
            .unwrap_err()
            .contains("nope")
    );
    assert!(
        check("GET /manga", "order[title]=up")
            .unwrap_err()
            .contains("enumeration")
    );
    assert!(check("GET /manga", "year=2020").is_ok());
    assert!(check("GET /manga", "year=none").is_ok());
    assert!(check("GET /manga", "year=soon").is_err());
    assert!(check("GET /manga", "status[]=ongoing&status=hiatus").is_ok());
    assert!(check("GET /manga", "originalLanguage[]=english").is_err());
    assert!(check("GET /manga", "a[b][c]=1").is_err());
    // Arrays in both spellings, whatever the spec's name.
    assert!(check("GET /chapter", "includes[]=manga&includes=user").is_ok());
    assert!(check("GET /chapter", "includes[]=author").is_err());
    assert!(
        check(
            "GET /chapter",
            "uploader=0b7f2b9e-3a8f-4a8c-9a4e-2f5d7c1e9b20"
        )
        .is_ok()
    );
    assert!(
        check(
            "GET /rating",
            "manga[]=0b7f2b9e-3a8f-4a8c-9a4e-2f5d7c1e9b20"
        )
        .is_ok()
    );
    assert!(check("GET /manga/{id}/feed", "limit=500&includeEmptyPages=1").is_ok());
    assert!(check("GET /manga/{id}/feed", "includeEmptyPages=true").is_err());
    assert!(check("GET /at-home/server/{chapterId}", "forcePort443=true").is_ok());
    assert!(check("GET /at-home/server/{chapterId}", "forcePort443=yes").is_err());
    assert!(check("GET /ping", "x=1").is_err());
    assert!(check("GET /ping", "").is_ok());
}
