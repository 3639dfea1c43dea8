def test_login_lands_on_role_home(client, login_as):
    login_as("coordinator")
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/coordinator")
